/**
 * Server check: can this computer reach the proctoring server, directly or
 * through `/proctoring_proxy`? Both addresses come from mkdocs.yml (`extra`).
 */

export const codes = ["pass", "proxy-only", "unreachable", "error"]

const TIMEOUT_MS = 8000

async function reachable(url) {
  try {
    // An opaque answer is enough: the server answered, whatever it said.
    await fetch(url, { mode: "no-cors", cache: "no-store", signal: AbortSignal.timeout(TIMEOUT_MS) })
    return true
  } catch {
    return false
  }
}

export async function run(check) {
  const { server, proxy_path: proxyPath } = check.config
  if (await reachable(`${server}/`)) return { status: "pass", code: "pass", values: {} }
  if (await reachable(`${server}${proxyPath}`)) return { status: "warn", code: "proxy-only", values: {} }
  return { status: "fail", code: "unreachable", values: {} }
}
