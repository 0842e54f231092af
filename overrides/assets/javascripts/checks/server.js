/**
 * Exam-site check: does the exam site's server answer this browser, directly or through `/proctoring_proxy`?
 * It names the host it tried: the exam site's own when the page's address gives it (`?exam=bolashak.oes.kz`,
 * a host of the domains mkdocs.yml's `extra.proctoring.exam_domains` allows), else the original guide's
 * example. The answer is opaque to this page (another site's): it shows that the server answered, never
 * that the site works or that proctoring itself does, and the result says only that.
 */

export const codes = ["pass", "proxy-only", "unreachable", "timeout", "error"]

const TIMEOUT_MS = 8000
export const deadlineMs = 3 * TIMEOUT_MS + 4000 // three requests at most (main, proxy, main again) reach their verdict
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

/** The host named by `?exam=` when it is one of `domains` (or under one), else null: a link cannot send the check elsewhere. */
export function examHostOf(search, domains) {
  const asked = new URLSearchParams(search).get("exam")?.trim().toLowerCase()
  if (!asked) return null
  let host
  try {
    host = new URL(/^https?:\/\//.test(asked) ? asked : `https://${asked}`).hostname
  } catch {
    return null
  }
  const allowed = domains.some(domain => host === domain || host.endsWith(`.${domain}`))
  return HOST.test(host) && allowed ? host : null
}

async function reachable(check, url) {
  try {
    // An opaque answer is enough: the site answered, whatever it said.
    await fetch(url, { mode: "no-cors", cache: "no-store", signal: check.deadline(TIMEOUT_MS) })
    return true
  } catch (error) {
    if (check.signal.aborted) throw error
    return false
  }
}

export async function run(check) {
  const { server, proxy_path: proxyPath, exam_domains: domains } = check.config
  const given = examHostOf(location.search, domains)
  const host = given ?? new URL(server).hostname
  const values = { host }
  const notes = given ? [] : ["server_example"]
  const main = `https://${host}/`
  if (await reachable(check, main)) return { status: "pass", code: "pass", values, notes }
  if (!(await reachable(check, `https://${host}${proxyPath}`))) return { status: "fail", code: "unreachable", values, notes }
  // One missed answer (a slow link) is no diagnosis: the main address is asked again before the proxy is suggested.
  if (await reachable(check, main)) return { status: "pass", code: "pass", values, notes }
  return { status: "warn", code: "proxy-only", values, notes }
}
