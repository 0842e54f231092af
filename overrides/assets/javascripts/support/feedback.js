/**
 * "Did this solve your problem?": one answer per page per visit. State is the
 * block's `data-state`: ask -> reason (after "no") -> done. The thanks line is
 * a status region, so screen readers hear it.
 */

import { feedbackKey as key, visit } from "../site.js"
import { sendEvent } from "./events.js"

export function answer(button) {
  const block = button.closest("[data-feedback]")
  const page = block.dataset.feedback
  if (visit.get(key(page)) === "done") return showDone(block)
  if (button.dataset.answer) {
    sendEvent({ kind: "feedback", page, answer: button.dataset.answer })
    if (button.dataset.answer === "no") {
      visit.set(key(page), "reason")
      block.dataset.state = "reason"
      block.querySelector(".feedback__thanks").textContent = block.dataset.thanksNo
      block.querySelector("[data-reason]").focus()
      return
    }
  } else if (button.dataset.reason && visit.get(key(page)) === "reason") {
    sendEvent({ kind: "reason", page, reason: button.dataset.reason })
  }
  visit.set(key(page), "done")
  showDone(block)
}

function showDone(block) {
  block.dataset.state = "done"
  block.querySelector(".feedback__thanks").textContent = block.dataset.thanks
}

/** On arrival: a page answered earlier in this visit shows its thanks, not the question. */
export function restore(block) {
  const state = visit.get(key(block.dataset.feedback))
  if (state === "done") showDone(block)
  else if (state === "reason") block.dataset.state = "reason"
}
