/**
 * Microphone check: raw audio (no echo cancellation, noise suppression or
 * gain control, which change the level), a live level meter, and a verdict on
 * the loudest moment over at least a second.
 */

export const codes = ["pass", "not-computer", "NotAllowedError", "NotFoundError", "NotReadableError", "silent", "timeout", "error"]
export const deadlineMs = 60000 // Chrome's prompt waits for the candidate

export const MIN_LISTEN_MS = 1000
export const MAX_LISTEN_MS = 5000
export const SPEECH_RMS = 0.02 // quieter than this at its loudest is silence

/** Pure verdict from the loudest RMS heard so far and how long we listened. */
export function judgeLevel(peakRms, listenedMs) {
  if (listenedMs < MIN_LISTEN_MS) return null
  if (peakRms >= SPEECH_RMS) return "pass"
  return listenedMs >= MAX_LISTEN_MS ? "silent" : null
}

export function rms(samples) {
  let sum = 0
  for (const sample of samples) sum += sample * sample
  return Math.sqrt(sum / samples.length)
}

export async function run(check) {
  const stream = await check.getUserMedia({
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  })
  const meter = document.createElement("meter")
  meter.min = 0
  meter.max = 1
  meter.setAttribute("aria-label", check.text("level"))
  check.media.replaceChildren(meter)
  check.say("listening")

  const audio = new AudioContext()
  try {
    await audio.resume()
    const analyser = audio.createAnalyser()
    analyser.fftSize = 2048
    audio.createMediaStreamSource(stream).connect(analyser)
    const samples = new Float32Array(analyser.fftSize)
    const started = performance.now()
    let peak = 0
    for (;;) {
      await new Promise(resolve => setTimeout(resolve, 50))
      check.signal.throwIfAborted()
      analyser.getFloatTimeDomainData(samples)
      const level = rms(samples)
      peak = Math.max(peak, level)
      meter.value = Math.min(1, level * 4) // speech sits around 0.05-0.25 RMS: spread it over the bar
      const verdict = judgeLevel(peak, performance.now() - started)
      if (verdict) return { status: verdict === "pass" ? "pass" : "fail", code: verdict, values: {} }
    }
  } finally {
    check.stop(stream)
    await audio.close()
  }
}
