/**
 * Internet check: latency and download speed from the site's own host (a
 * file of random bytes written by the build), adaptive: a few seconds at most
 * on a slow link, more rounds on a fast one.
 */

export const codes = ["pass", "slow", "too-slow", "offline", "error"]

export const MIN_MBPS = 1 // the proctoring system's minimum
export const WARN_BELOW_MBPS = 1.5 // close to the minimum: a video call may not fit
const MAX_SECONDS = 4
const ENOUGH_SECONDS = 1.5
const MAX_ROUNDS = 4
const SPEED_FILE = new URL("../../speed-test.bin", import.meta.url)

export function speedVerdict(mbps) {
  if (mbps < MIN_MBPS) return { status: "fail", code: "too-slow" }
  if (mbps < WARN_BELOW_MBPS) return { status: "warn", code: "slow" }
  return { status: "pass", code: "pass" }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

async function latencyMs() {
  const times = []
  for (let i = 0; i < 3; i++) {
    const started = performance.now()
    await fetch(SPEED_FILE, { method: "HEAD", cache: "no-store" })
    times.push(performance.now() - started)
  }
  return median(times)
}

/** Megabits per second between the first and the last byte, so latency is left out. */
async function downloadMbps() {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), MAX_SECONDS * 1000)
  let bytes = 0
  let firstAt = null
  let lastAt = null
  try {
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const response = await fetch(`${SPEED_FILE}?round=${round}`, { cache: "no-store", signal: controller.signal })
      const reader = response.body.getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        lastAt = performance.now()
        if (firstAt === null) firstAt = lastAt
        else bytes += value.length
      }
      if (lastAt - firstAt >= ENOUGH_SECONDS * 1000) break
    }
  } catch (error) {
    if (error.name !== "AbortError") throw error
  } finally {
    clearTimeout(timer)
  }
  return bytes * 8 / ((lastAt - firstAt) / 1000) / 1e6
}

export async function run() {
  if (!navigator.onLine) return { status: "fail", code: "offline", values: {} }
  let latency, speed
  try {
    latency = await latencyMs()
    speed = await downloadMbps()
  } catch (error) {
    if (error instanceof TypeError) return { status: "fail", code: "offline", values: {} }
    throw error
  }
  return { ...speedVerdict(speed), values: { speed, latency: Math.round(latency) } }
}
