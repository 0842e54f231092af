/**
 * Searches that found nothing, reported once the candidate stops typing, so
 * staff see what candidates call their problem. "Found nothing" is Material
 * saying so: its result line shows its own "no results" words (not an empty
 * list, which is also what a closed or still-loading search shows).
 */

import { materialConfig, strings } from "../site.js"
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

const NO_RESULTS = materialConfig.translations["search.result.none"]

function reportIfEmpty(value) {
  const meta = document.querySelector(".md-search-result__meta")
  const query = strings.events && reportableQuery(value, strings.events)
  if (!query || meta?.textContent.trim() !== NO_RESULTS || reported.has(query)) return
  reported.add(query)
  sendEvent({ kind: "search", query })
}
