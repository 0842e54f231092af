/**
 * First-party events (helpsite/events.py is the contract): sent to the site's
 * own /events with sendBeacon, which survives leaving the page. Nothing is
 * sent when the site's `events` setting is off.
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

export function sendEvent(event) {
  const contract = strings.events
  const body = contract && navigator.sendBeacon && eventBody(event, contract, pageLanguage)
  if (!body) return false
  const url = new URL(contract.endpoint, SITE_ROOT)
  url.searchParams.set(contract.visit, visitId())
  return navigator.sendBeacon(url, body)
}
