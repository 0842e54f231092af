/**
 * Internet check: latency and download speed from the site's own host (a
 * file of random bytes written by the build), adaptive: a few seconds at most
 * on a slow link, more rounds on a fast one. Upload speed too (proctoring
 * sends video upstream) where the server has the upload sink of
 * nginx/help-site.conf; elsewhere the check says it cannot measure it.
 */

export const codes = ["pass", "slow", "too-slow", "upload-too-slow", "upload-failed", "offline", "error"]

/** The server refused an upload (a 413, a 5xx): a failure to report, not a speed. */
class UploadRefused extends Error {}

export const MIN_MBPS = 1 // the proctoring system's minimum
export const WARN_BELOW_MBPS = 1.5 // close to the minimum: a video call may not fit
const MAX_SECONDS = 4
const ENOUGH_SECONDS = 1.5
const MAX_ROUNDS = 4
const FIRST_UPLOAD_BYTES = 64 * 1024
const MAX_UPLOAD_BYTES = 4 * 1024 * 1024

/** Download decides; an upload under the minimum fails too (`upload` is null when unknown). */
export function speedVerdict(mbps, upload = null) {
  if (mbps < MIN_MBPS) return { status: "fail", code: "too-slow" }
  if (upload !== null && upload < MIN_MBPS) return { status: "fail", code: "upload-too-slow" }
  if (mbps < WARN_BELOW_MBPS) return { status: "warn", code: "slow" }
  return { status: "pass", code: "pass" }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

async function latencyMs(file) {
  const times = []
  for (let i = 0; i < 3; i++) {
    const started = performance.now()
    await fetch(file, { method: "HEAD", cache: "no-store" })
    times.push(performance.now() - started)
  }
  return median(times)
}

/** Megabits per second between the first and the last byte, so latency is left out. */
async function downloadMbps(file) {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), MAX_SECONDS * 1000)
  let bytes = 0
  let firstAt = null
  let lastAt = null
  try {
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const response = await fetch(`${file}?round=${round}`, { cache: "no-store", signal: controller.signal })
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

/**
 * Megabits per second sent, from the largest upload that finished in time;
 * doubling from 64 KB so a slow link is not stuck on one big upload.
 * Null when this server has no upload sink.
 */
async function uploadMbps(sink) {
  const probe = await fetch(sink, { method: "POST", body: new Uint8Array(1), cache: "no-store" })
  if (probe.status !== 204) return null
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), MAX_SECONDS * 1000)
  let best = null
  let spent = 0
  try {
    for (let bytes = FIRST_UPLOAD_BYTES; bytes <= MAX_UPLOAD_BYTES && spent < ENOUGH_SECONDS; bytes *= 2) {
      const started = performance.now()
      const response = await fetch(sink, { method: "POST", body: new Uint8Array(bytes), cache: "no-store", signal: controller.signal })
      if (!response.ok) throw new UploadRefused(`HTTP ${response.status}`)
      const seconds = (performance.now() - started) / 1000
      spent += seconds
      best = bytes * 8 / seconds / 1e6
    }
  } catch (error) {
    if (error.name !== "AbortError") throw error
  } finally {
    clearTimeout(timer)
  }
  return best
}

export async function run(check) {
  if (!navigator.onLine) return { status: "fail", code: "offline", values: {} }
  let latency, speed, upload
  try {
    const file = new URL(check.speedTest.file, check.siteRoot).href
    latency = await latencyMs(file)
    speed = await downloadMbps(file)
    upload = await uploadMbps(new URL(check.speedTest.sink, check.siteRoot).href)
  } catch (error) {
    if (error instanceof TypeError) return { status: "fail", code: "offline", values: {} }
    if (error instanceof UploadRefused) return { status: "fail", code: "upload-failed", values: { speed, latency: Math.round(latency) } }
    throw error
  }
  const values = { speed, latency: Math.round(latency), ...(upload !== null && { upload }) }
  return { ...speedVerdict(speed, upload), values, notes: [upload === null ? "upload_unknown" : "upload_speed"] }
}
