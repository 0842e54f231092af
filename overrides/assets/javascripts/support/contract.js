/** Pure rules of the support features, shared by the page scripts and tested in node. */

import { INVISIBLE, QUERY_CHARACTERS } from "./characters.js"

export const REPORT_KEY = "help.report" // this visit's check report, as the e-mail to support carries it
export const CHECKS_KEY = "help.checks" // this visit's check summaries, by check
export const MAIL_LIMIT = 2000 // characters of a mailto: URL that mail clients reliably accept

/** A text of at most `length` characters, "…" marking a cut. */
function capped(text, length) {
  const chars = [...text]
  return chars.length <= length ? text : `${chars.slice(0, length - 1).join("")}…`
}

/**
 * A mailto: URL within `limit` characters whatever its parts hold. The report is cut
 * line by line from the end, with a note; should the subject or a line (page address,
 * browser, system) be too long for the limit on its own, it is cut too, marked "…".
 */
export function mailtoHref({ address, subject, intro, lines, report = "", trimmedNote, limit = MAIL_LIMIT }) {
  let href = ""
  for (const cap of [Infinity, 400, 200, 100, 50]) {
    const title = capped(subject, cap)
    href = body => `mailto:${address}?subject=${encodeURIComponent(title)}&body=${encodeURIComponent(body)}`
    const head = [intro, "", "", ...lines.map(line => capped(line, cap))]
    let kept = report ? report.split("\n") : []
    let body = [...head, ...(kept.length ? ["", ...kept] : [])].join("\n")
    while (kept.length && href(body).length > limit) {
      kept = kept.slice(0, -1)
      body = [...head, "", ...kept, `[${trimmedNote}]`].join("\n")
    }
    if (href(body).length <= limit) return href(body)
    href = href(body)
  }
  return href.slice(0, limit).replace(/%[0-9A-F]?$/i, "") // only a mail address longer than the limit gets here
}

/**
 * Whether a text could be personal data (helpsite/events/contract.py's rule): an `@` in any of its forms, or more
 * than `maxDigits` decimal digits of any script however they are separated (a phone number, an IIN).
 */
export function personal(text, { atSigns, maxDigits }) {
  const normal = text.normalize("NFKC")
  return [...atSigns].some(sign => normal.includes(sign)) || (normal.match(/\p{Nd}/gu) ?? []).length > maxDigits
}

/**
 * A search query as it may be reported, or null: in the contract's normal form (NFKC, what nobody sees
 * removed, spaces collapsed, cut to `maxText` characters, never half of a pair), never personal data, only
 * characters of the contract's table, which nginx and the report apply too.
 */
export function reportableQuery(query, contract) {
  const visible = query.normalize("NFKC").replace(INVISIBLE, "").split(/\s+/u).filter(Boolean).join(" ")
  if (personal(visible, contract)) return null  // the whole query: cutting it must not keep part of an IIN or address
  const text = [...visible].slice(0, contract.maxText).join("").trim()
  if ([...text].length < contract.minQuery || !QUERY_CHARACTERS.test(text)) return null
  return text
}

/** An event as the contract orders its fields (nginx accepts no other order): kind first. */
export function eventBody(event, contract, lang) {
  const fields = contract.kinds[event.kind]
  if (!fields) return null
  const body = { kind: event.kind }
  // Cut by characters, never inside a surrogate pair (JSON would carry half of it as \ud83d, which nginx refuses).
  for (const name of fields) body[name] = [...String(name === "lang" ? lang : event[name] ?? "")].slice(0, contract.maxText).join("")
  return JSON.stringify(body)
}

/** The page's id as records name it ("errors/camera"; "index" for a home page), from its path. */
export function pageIdOf(pathname, rootPath, home) {
  let path = decodeURIComponent(pathname).slice(rootPath.length)
  if (home && path.startsWith(home)) path = path.slice(home.length)
  return path.replace(/(index\.html)?$/, "").replace(/\/$/, "") || "index"
}

