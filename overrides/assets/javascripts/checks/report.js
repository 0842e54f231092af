/** The plain-text report a candidate pastes into an email to support. */

/**
 * `checks`: [{ name, status, statusLabel, error, message }] in page order;
 * `common`: the page's check strings.
 */
export function buildReport({ common, date, browser, os, checks }) {
  const lines = [
    common.report_title,
    `${common.report_date}: ${date.toISOString()}`,
    `${common.report_browser}: ${browser}`,
    `${common.report_os}: ${os}`,
    "",
  ]
  for (const check of checks) {
    if (check.status === "idle") {
      lines.push(`${check.name}: ${common.report_not_run}`)
      continue
    }
    const error = check.error ? ` [${check.error}]` : ""
    const message = check.message ? ` — ${check.message}` : ""
    lines.push(`${check.name}: ${check.statusLabel}${error}${message}`)
  }
  return lines.join("\n")
}
