/**
 * Internet check: latency, download and upload speed between this browser and this site's own server
 * (a file of random bytes written by the build, and nginx's upload sink). It passes only on a real
 * measurement: the file must arrive as the build wrote it (answer 200, not a web page, its exact size)
 * and the sink must accept the uploads; every request has a deadline. Adaptive: a few seconds at most
 * on a slow link, more rounds on a fast one.
 */

export const codes = ["pass", "slow", "too-slow", "upload-too-slow", "upload-failed", "download-failed", "offline",
                      "timeout", "error"]
export const deadlineMs = 30000

/** The speed-test file did not arrive as the build wrote it (missing, a filter's page, cut short): no speed to give. */
class DownloadFailed extends Error {}
/** The upload could not be measured (no sink, refused, no answer): download decides, with a warning. */
class UploadNotMeasured extends Error {}

export const MIN_MBPS = 1 // the proctoring system's minimum
export const WARN_BELOW_MBPS = 1.5 // close to the minimum: a video call may not fit
const REQUEST_MS = 8000 // one request's deadline: no answer by then is a failure, not a wait
const MAX_SECONDS = 4
const ENOUGH_SECONDS = 1.5
const MAX_ROUNDS = 4
const FIRST_UPLOAD_BYTES = 64 * 1024
const MAX_UPLOAD_BYTES = 4 * 1024 * 1024

/** Download decides; an upload under the minimum fails too, one that could not be measured warns (`upload` null). */
export function speedVerdict(mbps, upload = null) {
  if (mbps < MIN_MBPS) return { status: "fail", code: "too-slow" }
  if (upload !== null && upload < MIN_MBPS) return { status: "fail", code: "upload-too-slow" }
  if (upload === null) return { status: "warn", code: "upload-failed" }
  if (mbps < WARN_BELOW_MBPS) return { status: "warn", code: "slow" }
  return { status: "pass", code: "pass" }
}

/** Why a response is not the speed-test file of `bytes` bytes, judged before its body is read; null when it may be. */
export function fileProblem({ status, type, length }, bytes) {
  if (status !== 200) return `answer ${status}`
  if (/text\/html/i.test(type ?? "")) return "a web page"
  if (length !== null && Number(length) !== bytes) return `${length} bytes`
  return null
}

/** Megabits per second from bytes counted between two moments, or null when nothing was measured. */
export function mbpsOf(bytes, milliseconds) {
  const mbps = bytes * 8 / (milliseconds / 1000) / 1e6
  return bytes > 0 && Number.isFinite(mbps) && mbps > 0 ? mbps : null
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

function checkFile(response, bytes) {
  const problem = fileProblem({ status: response.status, type: response.headers.get("content-type"),
                                length: response.headers.get("content-length") }, bytes)
  if (problem) throw new DownloadFailed(problem)
}

async function latencyMs(check, file, bytes) {
  const times = []
  for (let i = 0; i < 3; i++) {
    const started = performance.now()
    checkFile(await fetch(file, { method: "HEAD", cache: "no-store", signal: check.deadline(REQUEST_MS) }), bytes)
    times.push(performance.now() - started)
  }
  return median(times)
}

/** Megabits per second between the first and the last byte, so latency is left out; every round whole. */
async function downloadMbps(check, file, bytes) {
  const enough = new AbortController()
  const timer = setTimeout(() => enough.abort(), MAX_SECONDS * 1000)
  const signal = AbortSignal.any([enough.signal, check.deadline(REQUEST_MS + MAX_SECONDS * 1000)])
  let counted = 0
  let firstAt = null
  let lastAt = null
  try {
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const response = await fetch(`${file}?round=${round}`, { cache: "no-store", signal })
      checkFile(response, bytes)
      const reader = response.body.getReader()
      let received = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        received += value.length
        lastAt = performance.now()
        if (firstAt === null) firstAt = lastAt
        else counted += value.length
      }
      if (received !== bytes) throw new DownloadFailed(`${received} bytes`)
      if (lastAt - firstAt >= ENOUGH_SECONDS * 1000) break
    }
  } catch (error) {
    // Our own "enough" ends a round early: what arrived until then is measured. Any other end is not.
    if (!(error.name === "AbortError" && enough.signal.aborted && !check.signal.aborted)) throw error
  } finally {
    clearTimeout(timer)
  }
  const mbps = firstAt === null ? null : mbpsOf(counted, lastAt - firstAt)
  if (mbps === null) throw new DOMException("No byte of the speed-test file arrived in time", "TimeoutError")
  return mbps
}

/**
 * Megabits per second sent, from the largest upload that finished in time;
 * doubling from 64 KB so a slow link is not stuck on one big upload.
 */
async function uploadMbps(check, sink) {
  const post = (size, signal) => fetch(sink, { method: "POST", body: new Uint8Array(size), cache: "no-store", signal })
  const probe = await post(1, check.deadline(REQUEST_MS))
  if (probe.status !== 204) throw new UploadNotMeasured(`answer ${probe.status}`)
  const enough = new AbortController()
  const timer = setTimeout(() => enough.abort(), MAX_SECONDS * 1000)
  const signal = AbortSignal.any([enough.signal, check.deadline(REQUEST_MS + MAX_SECONDS * 1000)])
  let best = null
  let spent = 0
  try {
    for (let size = FIRST_UPLOAD_BYTES; size <= MAX_UPLOAD_BYTES && spent < ENOUGH_SECONDS; size *= 2) {
      const started = performance.now()
      const response = await post(size, signal)
      if (response.status !== 204) throw new UploadNotMeasured(`answer ${response.status}`)
      const seconds = (performance.now() - started) / 1000
      spent += seconds
      best = mbpsOf(size, seconds * 1000) ?? best
    }
  } catch (error) {
    if (!(error.name === "AbortError" && enough.signal.aborted && !check.signal.aborted)) throw error
  } finally {
    clearTimeout(timer)
  }
  if (best === null) throw new UploadNotMeasured("no upload finished in time")
  return best
}

const OFFLINE = { status: "fail", code: "offline", values: {} }

export async function run(check) {
  if (!navigator.onLine) return OFFLINE
  const { file, sink, bytes } = check.speedTest
  let latency, speed
  try {
    latency = await latencyMs(check, new URL(file, check.siteRoot).href, bytes)
    speed = await downloadMbps(check, new URL(file, check.siteRoot).href, bytes)
  } catch (error) {
    if (error instanceof DownloadFailed) return { status: "fail", code: "download-failed", values: {} }
    if (error instanceof TypeError) return OFFLINE
    throw error // a deadline: the widget says the check ran out of time
  }
  let upload = null
  try {
    upload = await uploadMbps(check, new URL(sink, check.siteRoot).href)
  } catch (error) {
    if (check.signal.aborted) throw error
    if (!(error instanceof UploadNotMeasured || error instanceof TypeError || error.name === "TimeoutError")) throw error
  }
  const values = { speed, latency: Math.round(latency), ...(upload !== null && { upload }) }
  return { ...speedVerdict(speed, upload), values }
}
