/**
 * Links that staff send and candidates follow.
 *
 * - Copy links: a control on every step heading's line opens buttons that copy
 *   the step's link in this language and in each other one (with `?os=` when
 *   the step has OS tabs); in the link index, the address beside it. A copy is
 *   confirmed by a short message on screen, read out by screen readers.
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
 *
 * Strings come from the page (#__site-strings), so nothing here is in one
 * language. Components are found by data attributes and mounted from the
 * COMPONENTS table on every page Material shows (instant navigation too).
 * They share this one file on purpose: each module loaded with the page
 * costs a request and its security headers (0.8 KB) against the 60 KB first
 * visit; code that is not needed at once loads on first use instead.
 */

import { SITE_ROOT, feedbackKey, fragment, pageLanguage, strings, visit } from "./site.js"

const osByLabel = new Map(Object.entries(strings.osTabs).map(([key, label]) => [label, key]))
const osTabs = new Map(Object.entries(strings.osTabs))
const OFFLINE_DELAY_MS = 5000
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

function withPlace(page, os, anchor) {
  const url = new URL(page)
  url.search = os ? `?os=${os}` : ""
  url.hash = anchor ? `#${anchor}` : ""
  return url.href
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

function makeCopyButton(button, url, copied = () => {}) {
  if (button.dataset.ready) return
  button.dataset.ready = ""
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(url())
      button.dataset.copied = ""
      setTimeout(() => delete button.dataset.copied, COPY_STATUS_MS)
      announce(strings.copied)
    } catch {
      announce(strings.copyFailed)
    }
    copied()
  })
}

/** The control on a step heading's line: open or close its copy buttons. */
function setMenuOpen(toggle, open) {
  toggle.setAttribute("aria-expanded", String(open))
  document.getElementById(toggle.getAttribute("aria-controls")).hidden = !open
}

function closeMenusOutside(event) {
  for (const toggle of document.querySelectorAll(".copy-links__toggle[aria-expanded=true]")) {
    if (!toggle.parentElement.contains(event.target)) setMenuOpen(toggle, false)
  }
}

/** Each step's copy control (in the page already: no layout shift) gets its menu and the buttons their links. */
function wireStepCopyButtons(rows) {
  const here = new URL(location.pathname, location.href)
  for (const row of rows) {
    const heading = row.previousElementSibling
    const tabSet = stepTabSet(heading)
    const toggle = row.querySelector(".copy-links__toggle")
    const close = () => { setMenuOpen(toggle, false); toggle.focus() }
    if (!toggle.dataset.ready) {
      toggle.dataset.ready = ""
      toggle.addEventListener("click", () => setMenuOpen(toggle, toggle.getAttribute("aria-expanded") !== "true"))
      row.addEventListener("keydown", event => { if (event.key === "Escape") close() })
    }
    for (const button of row.querySelectorAll("[data-copy]")) {
      const page = button.dataset.copy === "here" ? here : pageIn(button.dataset.copy)
      if (page) makeCopyButton(button, () => withPlace(page, openOs(tabSet), heading.id), close)
      else button.remove()
    }
  }
}

/** In the link index, each button copies the address beside it. */
function wireIndexCopyButtons(buttons) {
  for (const button of buttons) {
    const link = button.previousElementSibling
    makeCopyButton(button, () => link.href)
  }
}

/** The OS the visitor chose (by `?os=` or a click on a tab), not one guessed for them. */
function chosenOs() {
  const fromQuery = new URLSearchParams(location.search).get("os")
  if (osTabs.has(fromQuery)) return fromQuery  // only the site's own names: never "constructor" or "__proto__"
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

function watchSearchOnFirstInput(event) {
  if (event.target.matches?.("[data-md-component=search-query]")) {
    import("./support/search.js").then(module => module.watchSearch(event.target))
  }
}

/**
 * Features whose code loads on their first click: what starts them, their
 * module, what to do with it, and what to do when it cannot load (offline
 * before it arrived). `own`: once loaded, the module handles its own clicks.
 */
const ON_CLICK = [
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
  drawer.addEventListener("change", () => {
    if (!drawer.checked) return
    const active = [...document.querySelectorAll(".md-sidebar--primary .md-nav__link--active")]
      .filter(link => link.getClientRects().length).pop()
    requestAnimationFrame(() => active?.scrollIntoView({ block: "nearest" }))
  })
}

/** What each page's components are found by, and what mounts them. */
const COMPONENTS = [
  ["#__moved-anchors", followMovedAnchor],
  ["article .copy-links", wireStepCopyButtons],
  ["[data-copy=link]", wireIndexCopyButtons],
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
})
window.addEventListener("hashchange", () => { try { followMovedAnchor() } catch { /* see document$ above */ } })
document.addEventListener("click", loadOnClick)
document.addEventListener("click", closeMenusOutside)
document.addEventListener("input", watchSearchOnFirstInput)
offlineHelp()
