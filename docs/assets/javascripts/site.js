/** What the site's scripts share: the page's strings (#__site-strings), the site root, this visit's memory. */

export const strings = JSON.parse(document.getElementById("__site-strings").textContent)
export const pageLanguage = document.documentElement.lang
// This file is assets/javascripts/site.js: the site root is two folders up.
export const SITE_ROOT = new URL("../../", import.meta.url)

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
