/**
 * First-party events (helpsite/events.py is the contract): sent to the site's
 * own /events with sendBeacon, which survives leaving the page. Nothing is
 * sent when the site's `events` setting is off.
 */

import { SITE_ROOT, pageLanguage, strings } from "../site.js"
import { pageIdOf } from "./contract.js"

/** This page's id as the records name it, the same in every language. */
export function pageId() {
  return pageIdOf(location.pathname, SITE_ROOT.pathname, strings.home)
}

export function sendEvent(event) {
  const contract = strings.events
  if (!contract || !navigator.sendBeacon) return false
  const bounded = Object.fromEntries(Object.entries({ ...event, lang: pageLanguage })
    .map(([key, value]) => [key, String(value).slice(0, contract.maxText)]))
  return navigator.sendBeacon(new URL(contract.endpoint, SITE_ROOT), JSON.stringify(bounded))
}
