/**
 * Links that staff send and candidates follow.
 *
 * - After every step heading: copy the step's link, in this language and in
 *   the other one (with `?os=` when the step has OS tabs); the link index
 *   gets a copy button beside every address.
 * - The language menu keeps the `?os=` choice and the `#step`.
 * - An old `#anchor` that the link registry maps to a new step is followed.
 * - The page's language is remembered for the short `e/<code>/` links.
 * - The offline service worker (/sw.js) is registered once the page is idle,
 *   or removed when `extra.offline` is off.
 *
 * Strings come from the page (#__site-strings), so nothing here is in one
 * language.
 */

const strings = JSON.parse(document.getElementById("__site-strings").textContent)
const osByLabel = Object.fromEntries(Object.entries(strings.osTabs).map(([key, label]) => [label, key]))
const pageLanguage = document.documentElement.lang

/** The OS key of the tab open in a tab set, or null. */
function openOs(tabSet) {
  const input = tabSet?.querySelector(":scope > input:checked")
  const label = input && tabSet.querySelector(`label[for="${input.id}"]`)
  return label ? osByLabel[label.textContent.trim()] ?? null : null
}

/** The tab set that belongs to a step: between its heading and the next one. */
function stepTabSet(heading) {
  for (let node = heading.nextElementSibling; node && node.tagName !== "H2"; node = node.nextElementSibling) {
    if (node.matches(".tabbed-set")) return node
  }
  return null
}

function otherLanguagePage() {
  const link = document.querySelector(`a.md-select__link[hreflang]:not([hreflang="${pageLanguage}"])`)
  return link ? new URL(link.href) : null
}

function withPlace(page, os, anchor) {
  const url = new URL(page)
  url.search = os ? `?os=${os}` : ""
  url.hash = anchor ? `#${anchor}` : ""
  return url.href
}

function announce(message) {
  let region = document.getElementById("__copy-status")
  if (!region) {
    region = document.createElement("div")
    region.id = "__copy-status"
    region.className = "visually-hidden"
    region.setAttribute("role", "status")
    document.body.append(region)
  }
  region.textContent = ""
  // A fresh text node makes screen readers announce the same message twice in a row.
  requestAnimationFrame(() => { region.textContent = message })
}

function copyButton(label, url) {
  const button = document.createElement("button")
  button.type = "button"
  button.className = "copy-link"
  button.textContent = label
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(url())
      button.dataset.copied = ""
      setTimeout(() => delete button.dataset.copied, 2000)
      announce(strings.copied)
    } catch {
      announce(strings.copyFailed)
    }
  })
  return button
}

function addStepButtons() {
  const here = new URL(location.pathname, location.href)
  const other = otherLanguagePage()
  for (const heading of document.querySelectorAll("article h2.step[id]")) {
    if (heading.nextElementSibling?.matches(".copy-links")) continue
    const tabSet = stepTabSet(heading)
    const row = document.createElement("div")
    row.className = "copy-links"
    row.append(copyButton(strings.copyLink, () => withPlace(here, openOs(tabSet), heading.id)))
    if (other) row.append(copyButton(strings.copyLinkOther, () => withPlace(other, openOs(tabSet), heading.id)))
    heading.after(row)
  }
  for (const link of document.querySelectorAll("a[data-copy-link]")) {
    if (link.nextElementSibling?.matches(".copy-link")) continue
    link.after(copyButton(strings.copyLink, () => link.href))
  }
}

/** The OS the visitor chose (by `?os=` or a click on a tab), not one guessed for them. */
function chosenOs() {
  const fromQuery = new URLSearchParams(location.search).get("os")
  if (fromQuery in strings.osTabs) return fromQuery
  const remembered = (__md_get("__tabs") ?? []).find(label => label in osByLabel)
  return remembered ? osByLabel[remembered] : null
}

function keepPlaceOnLanguageSwitch() {
  for (const link of document.querySelectorAll("a.md-select__link[hreflang]")) {
    link.addEventListener("click", () => {
      link.href = withPlace(link.href, chosenOs(), location.hash.slice(1))
    })
  }
}

function followMovedAnchor() {
  const data = document.getElementById("__moved-anchors")
  const anchor = decodeURIComponent(location.hash.slice(1))
  if (!data || !anchor || document.getElementById(anchor)) return
  const moved = JSON.parse(data.textContent)[anchor]
  if (!moved) return
  const target = new URL(moved, location.href)
  if (!target.search) target.search = location.search
  location.replace(target.href)
}

function rememberLanguage() {
  try { localStorage.setItem(strings.languageKey, pageLanguage) } catch { /* storage may be off */ }
}

function offlineHelp() {
  if (!("serviceWorker" in navigator)) return
  const { enabled, version } = strings.offline
  if (!enabled) {
    navigator.serviceWorker.getRegistrations().then(all => all.forEach(registration => registration.unregister()))
    return
  }
  const register = () => navigator.serviceWorker.register(
    new URL(`../../sw.js?lang=${pageLanguage}&v=${version}`, import.meta.url)).catch(() => {})
  // After the page and its first requests, so caching never slows the visit down.
  const idle = () => (window.requestIdleCallback ?? setTimeout)(register, { timeout: 3000 })
  if (document.readyState === "complete") idle()
  else window.addEventListener("load", idle, { once: true })
}

document$.subscribe(() => {
  followMovedAnchor()
  addStepButtons()
  keepPlaceOnLanguageSwitch()
  rememberLanguage()
})
window.addEventListener("hashchange", followMovedAnchor)
offlineHelp()
