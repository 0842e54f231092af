/** Pure rules of the support features, shared by the page scripts and tested in node. */

export const REPORT_KEY = "help.report" // this visit's check report, as the e-mail to support carries it
export const CHECKS_KEY = "help.checks" // this visit's check summaries, by check
export const MAIL_LIMIT = 2000 // characters of a mailto: URL that mail clients reliably accept

/**
 * A mailto: URL. `lines` (page address, browser, system) are always kept; the
 * report is cut line by line from the end until the URL fits, with a note.
 */
export function mailtoHref({ address, subject, intro, lines, report = "", trimmedNote, limit = MAIL_LIMIT }) {
  const href = body => `mailto:${address}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`
  const head = [intro, "", "", ...lines]
  let kept = report ? report.split("\n") : []
  let body = [...head, ...(kept.length ? ["", ...kept] : [])].join("\n")
  while (kept.length && href(body).length > limit) {
    kept = kept.slice(0, -1)
    body = [...head, "", ...kept, `[${trimmedNote}]`].join("\n")
  }
  return href(body)
}

/** A search query as it may be reported, or null: cut to `maxText`, never an e-mail address, ID or phone number. */
export function reportableQuery(query, maxText) {
  const text = query.trim().replace(/\s+/g, " ")
  if (text.length < 2 || /@/.test(text) || /\d{6,}/.test(text.replace(/[\s()+-]/g, ""))) return null
  return text.slice(0, maxText)
}

/** The page's id as records name it ("errors/camera"; "index" for a home page), from its path. */
export function pageIdOf(pathname, rootPath, home) {
  let path = decodeURIComponent(pathname).slice(rootPath.length)
  if (home && path.startsWith(home)) path = path.slice(home.length)
  return path.replace(/(index\.html)?$/, "").replace(/\/$/, "") || "index"
}

