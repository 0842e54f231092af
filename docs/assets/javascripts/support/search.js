/**
 * Searches that found nothing, reported once the candidate stops typing, so
 * staff see what candidates call their problem. Material shows the results;
 * an empty result list after a pause is "found nothing".
 */

import { strings } from "../site.js"
import { reportableQuery } from "./contract.js"
import { sendEvent } from "./events.js"

const PAUSE_MS = 2000
const reported = new Set()
let timer

export function watchSearch(input) {
  if (input.dataset.watched) return
  input.dataset.watched = ""
  input.addEventListener("input", () => {
    clearTimeout(timer)
    timer = setTimeout(() => reportIfEmpty(input.value), PAUSE_MS)
  })
  timer = setTimeout(() => reportIfEmpty(input.value), PAUSE_MS)
}

function reportIfEmpty(value) {
  const list = document.querySelector(".md-search-result__list")
  const query = strings.events && reportableQuery(value, strings.events.maxText)
  if (!query || !list || list.children.length > 0 || reported.has(query)) return
  reported.add(query)
  sendEvent({ kind: "search", query })
}
