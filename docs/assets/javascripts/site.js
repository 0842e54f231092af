/** What the site's scripts share: the page's strings (#__site-strings), the site root and the page's id. */

import { pageIdOf } from "./support/contract.js"

export const strings = JSON.parse(document.getElementById("__site-strings").textContent)
export const pageLanguage = document.documentElement.lang
// This file is assets/javascripts/site.js: the site root is two folders up.
export const SITE_ROOT = new URL("../../", import.meta.url)

export function pageId() {
  return pageIdOf(location.pathname, SITE_ROOT.pathname, strings.home)
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
