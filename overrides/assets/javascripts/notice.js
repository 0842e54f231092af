/**
 * The exam-day notice, loaded by links.js when notice.json (written by
 * `make notice`) holds one: its text in the page's language, shown above the
 * page as text (never as markup), read out by screen readers (role=status),
 * and taken down at its time. No text in this language, or a past or broken
 * time: nothing is shown.
 */

import { pageLanguage } from "./site.js"

const LONGEST_TIMER_MS = 2 ** 31 - 1

export function show(notice) {
  const text = Object.hasOwn(Object(notice.text), pageLanguage) ? notice.text[pageLanguage] : null
  const left = Date.parse(notice.until) - Date.now()
  if (typeof text !== "string" || !(left > 0)) return
  const banner = document.createElement("div")
  banner.id = "__notice"
  banner.className = "notice"
  banner.setAttribute("role", "status")
  document.body.prepend(banner)
  // Set once the live region is in place, so that screen readers read it out.
  requestAnimationFrame(() => { banner.textContent = text })
  setTimeout(() => banner.remove(), Math.min(left, LONGEST_TIMER_MS))
}
