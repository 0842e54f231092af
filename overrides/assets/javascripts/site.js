/** What the site's scripts share: the page's strings (#__site-strings), the site root, this visit's memory. */

export const strings = JSON.parse(document.getElementById("__site-strings").textContent)
export const pageLanguage = document.documentElement.lang
/** Material's configuration of this page (#__config): its site root, its interface strings. */
export const materialConfig = JSON.parse(document.getElementById("__config").textContent)
// The site root as Material gives it: relative on pages ("../.."), "/" on the 404 page.
export const SITE_ROOT = new URL(materialConfig.base.endsWith("/") ? materialConfig.base : `${materialConfig.base}/`, location.href)

/** `?os=` value <- the tab label shown on the page. */
export const osByLabel = new Map(Object.entries(strings.osTabs).map(([key, label]) => [label, key]))

/** `page` with the `?os=` and `#anchor` a link carries to the place in it. */
export function withPlace(page, os, anchor) {
  const url = new URL(page)
  url.search = os ? `?os=${os}` : ""
  url.hash = anchor ? `#${anchor}` : ""
  return url.href
}

/** sessionStorage, which may be switched off: then nothing is remembered. */
export const visit = {
  get(key) {
    try { return sessionStorage.getItem(key) } catch { return null }
  },
  set(key, value) {
    try { sessionStorage.setItem(key, value) } catch { /* storage off: forget */ }
  },
}

/** Where this visit remembers a page's answer to "Did this solve your problem?". */
export function feedbackKey(page) {
  return `help.feedback.${page}`
}

/** The address's #fragment as text, or "" when it is not valid percent-encoding (a hand-made link). */
export function fragment() {
  try {
    return decodeURIComponent(location.hash.slice(1))
  } catch {
    return ""
  }
}
