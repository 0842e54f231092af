/**
 * Links that staff send and candidates follow.
 *
 * - Copy links (copy.js): the control on each step heading's line and the
 *   link index's buttons load their code on the first click.
 * - The language menu keeps the `?os=` choice and the `#step`; the menu drawer
 *   opens with the page's own item in view.
 * - An old `#anchor` that the link registry maps to a new step is followed.
 * - The page's language is remembered for the short `e/<code>/` links.
 * - The offline service worker (/sw.js) is registered once the page is idle,
 *   or removed when `extra.offline` is off.
 * - The device checks' code (checks/) is fetched on the first click on one of
 *   their buttons, not with the page.
 * - Pictures load when they scroll into view, not with the page.
 * - The end of a page (support/): "Did this solve your problem?" and the
 *   e-mail to support load on their first click; searches that found nothing
 *   are watched once the candidate types in the search box.
 * - Search runs on every change of its text: pasted, dictated or typed.
 * - "Open on phone" (phone.js) loads on its first click; the exam-day notice once the page has loaded.
 *
 * Strings come from the page (#__site-strings), so nothing here is in one
 * language. Components are found by data attributes and mounted from the
 * COMPONENTS table on every page Material shows (instant navigation too).
 * They share this one file on purpose: each module loaded with the page
 * costs a request and its security headers (0.8 KB) against the 60 KB first
 * visit; code that is not needed at once loads on first use instead.
 */

import { SITE_ROOT, feedbackKey, fragment, osByLabel, pageLanguage, strings, visit, withPlace } from "./site.js"

const OFFLINE_DELAY_MS = 5000

/** The OS the visitor chose (by `?os=` or a click on a tab), not one guessed for them. */
function chosenOs() {
  const fromQuery = new URLSearchParams(location.search).get("os")
  if (Object.hasOwn(strings.osTabs, fromQuery ?? "")) return fromQuery  // only the site's own names: never "constructor" or "__proto__"
  const remembered = [].concat(__md_get("__tabs") ?? []).find(label => osByLabel.has(label))
  return remembered ? osByLabel.get(remembered) : null
}

function keepPlaceOnLanguageSwitch(links) {
  for (const link of links) {
    link.addEventListener("click", () => {
      link.href = withPlace(link.href, chosenOs(), location.hash.slice(1))
    })
  }
}

function followMovedAnchor() {
  const data = document.getElementById("__moved-anchors")
  const anchor = fragment()
  if (!data || !anchor || document.getElementById(anchor)) return
  const moved = new Map(Object.entries(JSON.parse(data.textContent))).get(anchor)  // own entries only
  if (typeof moved !== "string") return
  const target = new URL(moved, location.href)
  if (!target.search) target.search = location.search
  location.replace(target.href)
}

/** The exam-day notice (notice.json, `make notice`): notice.js loads when there is one. */
async function askForNotice() {
  try {
    const notice = await (await fetch(new URL("notice.json", SITE_ROOT), { cache: "no-cache" })).json()
    if (notice?.text) (await import("./notice.js")).show(notice)
  } catch { /* offline, or broken: no notice */ }
}

function rememberLanguage() {
  try { localStorage.setItem(strings.languageKey, pageLanguage) } catch { /* storage may be off */ }
}

function offlineHelp() {
  if (!("serviceWorker" in navigator)) return
  if (!strings.offline) {
    navigator.serviceWorker.getRegistrations().then(all => all.forEach(registration => registration.unregister()))
    return
  }
  const register = () => navigator.serviceWorker.register(
    new URL(`sw.js?lang=${pageLanguage}&home=${strings.home}&x=${devicePixelRatio > 1 ? 2 : 1}`, SITE_ROOT)).catch(() => {})
  // Well after the page and its requests, so caching never slows the visit down.
  const idle = () => setTimeout(register, OFFLINE_DELAY_MS)
  if (document.readyState === "complete") idle()
  else window.addEventListener("load", idle, { once: true })
}

const pictures = new IntersectionObserver(entries => {
  for (const { isIntersecting, target } of entries) {
    if (!isIntersecting) continue
    target.srcset = target.dataset.srcset
    target.src = target.dataset.src
    delete target.dataset.src
    pictures.unobserve(target)
  }
}, { rootMargin: "0px 0px -60px 0px" }) // a sliver at the bottom of the first screen waits for a scroll

function showPicturesWhenSeen(images) {
  for (const image of images) pictures.observe(image)
}

function restoreFeedback(blocks) {
  for (const block of blocks) {
    // Only a page answered earlier in this visit needs the module now.
    if (visit.get(feedbackKey(block.dataset.feedback))) {
      import("./support/feedback.js").then(module => module.restore(block))
    }
  }
}

/**
 * Material searches on a key's release; pasting, dictation and autofill change
 * the box without one, so every change of the text is passed on as one.
 * Searches that find nothing are watched from the first change.
 */
function searchOnEveryInput(event) {
  if (event.target.matches?.("[data-md-component=search-query]")) {
    event.target.dispatchEvent(new KeyboardEvent("keyup"))
    import("./support/search.js").then(module => module.watchSearch(event.target))
  }
}

/**
 * Features whose code loads on their first click: what starts them, their
 * module, what to do with it, and what to do when it cannot load (offline
 * before it arrived). `own`: once loaded, the module handles its own clicks.
 */
const ON_CLICK = [
  { selector: ".copy-links__toggle, [data-copy]", path: "./copy.js", use: (copy, target) => copy.activate(target), own: true },
  { selector: "[data-phone]", path: "./phone.js", use: (phone, button) => phone.show(button), own: true },
  { selector: "[data-check] [data-action], [data-check-runner] [data-action]", path: "./checks/index.js",
    use: (checks, button) => checks.activate(button), failed: cannotLoadChecks, own: true },
  { selector: "[data-feedback] [data-answer], [data-feedback] [data-reason]", path: "./support/feedback.js",
    use: (feedback, button) => feedback.answer(button) },
  // The e-mail is filled by its module; without it, the link's own address (with its subject) still opens.
  { selector: "[data-support-mail]", path: "./support/mail.js", use: (mail, link) => mail.openMail(link, chosenOs),
    failed: link => { location.href = link.href }, preventDefault: true },
]
const handedOver = new Set()

function loadOnClick(event) {
  for (const feature of ON_CLICK) {
    const target = event.target.closest?.(feature.selector)
    if (!target || handedOver.has(feature)) continue
    if (feature.preventDefault) event.preventDefault()
    if (feature.own) handedOver.add(feature)
    import(feature.path).then(module => feature.use(module, target), () => {
      handedOver.delete(feature)
      feature.failed?.(target)
    })
  }
}

/** Offline before the checks' code arrived (and no offline copy yet): say so in the widget. */
function cannotLoadChecks(button) {
  const widget = button.closest("[data-check]")
  if (!widget) return
  widget.dataset.status = "fail"
  widget.dataset.error = "offline"
  widget.querySelector(".device-check__status").textContent = strings.statusFail
  widget.querySelector(".device-check__message").textContent = strings.needsConnection
}

/**
 * On a small screen the menu opens as a drawer at the page's section, and the
 * page's own item (two or three lines in Russian) can sit below the screen's
 * edge: bring it into view, clear of the drawer's sticky title (its
 * scroll-margin, site.css).
 */
function showActiveItemInDrawer([drawer]) {
  if (drawer.dataset.ready) return
  drawer.dataset.ready = ""
  const sidebar = document.querySelector(".md-sidebar--primary")
  const reveal = () => {
    const active = [...sidebar.querySelectorAll(".md-nav__link--active")].filter(link => link.getClientRects().length).pop()
    // Material's lists snap to their items' starts: "nearest" snaps a tall item (a long title on four lines)
    // back, cut at the bottom; its start, below the sticky title (scroll-margin), shows it whole.
    if (drawer.checked) active?.scrollIntoView({ block: "start", behavior: "instant" })
  }
  drawer.addEventListener("change", () => requestAnimationFrame(reveal))
  sidebar?.addEventListener("transitionend", event => event.target === sidebar && reveal())  // once slid in
}

/** What each page's components are found by, and what mounts them. */
const COMPONENTS = [
  ["#__moved-anchors", followMovedAnchor],
  ["img[data-src]", showPicturesWhenSeen],
  ["a.md-select__link[hreflang]", keepPlaceOnLanguageSwitch],
  ["[data-feedback]", restoreFeedback],
  ["#__drawer", showActiveItemInDrawer],
]

document$.subscribe(() => {
  for (const [selector, mount] of COMPONENTS) {
    // One component's failure (a hostile address, a missing API) never keeps the others from mounting.
    try {
      const found = document.querySelectorAll(selector)
      if (found.length) mount(found)
    } catch (error) {
      console.warn(`help site: ${selector}:`, error)
    }
  }
  rememberLanguage()
  if (document.readyState === "complete") askForNotice()
  else window.addEventListener("load", askForNotice, { once: true })
})
window.addEventListener("hashchange", () => { try { followMovedAnchor() } catch { /* see document$ above */ } })
document.addEventListener("click", loadOnClick)
document.addEventListener("input", searchOnEveryInput)
offlineHelp()
