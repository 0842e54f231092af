/**
 * Copy links, loaded on the first click on one of their controls (links.js):
 * the control on each step heading's line opens buttons that copy the step's
 * link in this language and in each other one (with `?os=` when the step has
 * OS tabs), and "Open on phone" (phone.js), shown on a computer only; in the
 * link index, a button copies the address beside it. A copy is confirmed by a
 * short message on screen, read out by screen readers.
 * Once loaded, this module handles every later click itself.
 */

import { osByLabel, strings, withPlace } from "./site.js"

const COPY_STATUS_MS = 3000

/** The OS key of the tab open in a tab set, or null. */
function openOs(tabSet) {
  const input = tabSet?.querySelector(":scope > input:checked")
  const label = input && tabSet.querySelector(`label[for="${input.id}"]`)
  return label ? osByLabel.get(label.textContent.trim()) ?? null : null
}

/** The tab set that belongs to a step: between its heading and the next one. */
function stepTabSet(heading) {
  for (let node = heading.nextElementSibling; node && node.tagName !== "H2"; node = node.nextElementSibling) {
    if (node.matches(".tabbed-set")) return node
  }
  return null
}

/** This page in another language, from Material's language menu. */
function pageIn(language) {
  const link = document.querySelector(`a.md-select__link[hreflang="${language}"]`)
  return link ? new URL(link.href) : null
}

/** The step a button of a step's link menu stands for: its heading, and the OS tab open in it (or null). */
export function stepOf(button) {
  const heading = button.closest(".copy-links").previousElementSibling
  return { heading, os: openOs(stepTabSet(heading)) }
}

/** The link a copy button stands for: the address beside it (link index), or its step's in a language. */
function linkOf(button) {
  if (button.dataset.copy === "link") return button.previousElementSibling.href
  const { heading, os } = stepOf(button)
  const page = button.dataset.copy === "here" ? new URL(location.pathname, location.href) : pageIn(button.dataset.copy)
  if (!page) throw new Error(`no page in ${button.dataset.copy}`)
  return withPlace(page, os, heading.id)
}

/** A short-lived message on the screen, read out by screen readers (role=status is a polite live region). */
function announce(message) {
  let region = document.getElementById("__copy-status")
  if (!region) {
    region = document.createElement("div")
    region.id = "__copy-status"
    region.className = "copy-status"
    region.setAttribute("role", "status")
    document.body.append(region)
  }
  region.textContent = ""
  clearTimeout(region.hideAfter)
  // A fresh text node makes screen readers announce the same message twice in a row.
  requestAnimationFrame(() => {
    region.textContent = message
    region.hideAfter = setTimeout(() => { region.textContent = "" }, COPY_STATUS_MS)
  })
}

export function setMenuOpen(toggle, open) {
  toggle.setAttribute("aria-expanded", String(open))
  const menu = toggle.nextElementSibling
  menu.hidden = !open
  // "Open on phone" where a phone can scan the screen: on a computer, not on the phone or tablet itself.
  const phone = menu.querySelector("[data-phone]")
  if (open && phone) import("./checks/platform.js").then(({ thisDevice }) => { phone.hidden = thisDevice() !== "computer" })
}

async function copy(button) {
  try {
    await navigator.clipboard.writeText(linkOf(button))
    button.dataset.copied = ""
    setTimeout(() => delete button.dataset.copied, COPY_STATUS_MS)
    announce(strings.copied)
  } catch {
    announce(strings.copyFailed)
  }
  const toggle = button.closest(".copy-links")?.querySelector(".copy-links__toggle")
  if (toggle) {
    setMenuOpen(toggle, false)
    toggle.focus()
  }
}

/** One click on a copy control: open or close a step's menu, or copy. */
export function activate(target) {
  if (target.matches(".copy-links__toggle")) setMenuOpen(target, target.getAttribute("aria-expanded") !== "true")
  else if (target.matches("[data-copy]")) copy(target)
}

document.addEventListener("click", event => {
  const target = event.target.closest?.(".copy-links__toggle, [data-copy]")
  if (target) activate(target)
  for (const toggle of document.querySelectorAll(".copy-links__toggle[aria-expanded=true]")) {
    if (!toggle.parentElement.contains(event.target)) setMenuOpen(toggle, false)
  }
})
document.addEventListener("keydown", event => {
  const row = event.key === "Escape" && event.target.closest?.(".copy-links")
  if (!row) return
  const toggle = row.querySelector(".copy-links__toggle")
  setMenuOpen(toggle, false)
  toggle.focus()
})
