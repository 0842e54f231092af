/**
 * First-party events (helpsite/events/contract.py is the contract): sent to the
 * site's own /events with a keepalive fetch, which survives leaving the page,
 * and once more later when nginx answered without logging it. Nothing is sent
 * when the site's `events` setting is off.
 */

import { SITE_ROOT, pageLanguage, strings } from "../site.js"
import { eventBody, pageIdOf } from "./contract.js"

const VISIT_KEY = "help.visit" // a random id for this visit (tab): nginx limits per visit, stores nothing

/** This visit's random id, kept for the tab's life; a fresh one where storage is refused. */
function visitId() {
  let id = null
  try { id = sessionStorage.getItem(VISIT_KEY) } catch { /* storage refused: a new id each time */ }
  if (!id || !/^[a-z0-9]{16}$/.test(id)) {
    id = [...crypto.getRandomValues(new Uint8Array(16))].map(byte => "abcdefghijklmnopqrstuvwxyz0123456789"[byte % 36]).join("")
    try { sessionStorage.setItem(VISIT_KEY, id) } catch { /* see above */ }
  }
  return id
}

/** This page's id as the records name it, the same in every language. */
export function pageId() {
  return pageIdOf(location.pathname, SITE_ROOT.pathname, strings.home)
}

// nginx answered without logging the event (too many at once from one address, a body too slow, a
// restart): it is sent once more, later. Any other answer (204 logged, 400 refused) or none at all (it may
// have been logged) ends it, so no event is counted twice.
const NOT_LOGGED = new Set([408, 429, 502, 503, 504])
const RETRY_AFTER_MS = 10000

export function sendEvent(event) {
  const contract = strings.events
  const body = contract && eventBody(event, contract, pageLanguage)
  if (!body) return false
  const url = new URL(contract.endpoint, SITE_ROOT)
  url.searchParams.set(contract.visit, visitId())
  // keepalive: the request outlives the page, as sendBeacon's would, and its answer can still be read.
  const send = () => fetch(url, { method: "POST", body, keepalive: true, credentials: "omit" })
  send().then(answer => {
    if (!NOT_LOGGED.has(answer.status)) return
    const wait = Number(answer.headers.get("Retry-After")) * 1000 || RETRY_AFTER_MS
    setTimeout(() => send().catch(() => {}), wait + Math.random() * wait)  // spread: not all candidates at once
  }).catch(() => {})
  return true
}
