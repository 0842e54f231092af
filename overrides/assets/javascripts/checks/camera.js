/**
 * Camera check: a live preview, then frames that must be neither black
 * (covered lens, antivirus block) nor frozen (a static "blocked" picture).
 */

export const codes = ["pass", "not-computer", "NotAllowedError", "NotFoundError", "NotReadableError", "black", "frozen", "timeout", "error"]
export const deadlineMs = 60000 // Chrome's prompt waits for the candidate

const SAMPLE_SIZE = [32, 24]
const SAMPLES = 12
const SAMPLE_EVERY_MS = 150
const BLACK_LUMA = 16 // of 255: darker than this on every frame is a black picture
const FROZEN_DIFFERENCE = 0.5 // mean absolute change per pixel between frames

function luma(rgba) {
  const values = new Float32Array(rgba.length / 4)
  for (let i = 0; i < values.length; i++) {
    values[i] = 0.2126 * rgba[i * 4] + 0.7152 * rgba[i * 4 + 1] + 0.0722 * rgba[i * 4 + 2]
  }
  return values
}

/** Pure verdict on a series of RGBA frames of equal size: "pass", "black" or "frozen". */
export function judgeFrames(frames) {
  const lumas = frames.map(luma)
  const brightness = lumas.map(values => values.reduce((sum, v) => sum + v, 0) / values.length)
  if (Math.max(...brightness) < BLACK_LUMA) return "black"
  let largestChange = 0
  for (let f = 1; f < lumas.length; f++) {
    let change = 0
    for (let i = 0; i < lumas[f].length; i++) change += Math.abs(lumas[f][i] - lumas[f - 1][i])
    largestChange = Math.max(largestChange, change / lumas[f].length)
  }
  return largestChange < FROZEN_DIFFERENCE ? "frozen" : "pass"
}

async function sampleFrames(video) {
  const canvas = document.createElement("canvas")
  ;[canvas.width, canvas.height] = SAMPLE_SIZE
  const context = canvas.getContext("2d", { willReadFrequently: true })
  const frames = []
  for (let i = 0; i < SAMPLES; i++) {
    await new Promise(resolve => setTimeout(resolve, SAMPLE_EVERY_MS))
    context.drawImage(video, 0, 0, canvas.width, canvas.height)
    frames.push(context.getImageData(0, 0, canvas.width, canvas.height).data)
  }
  return frames
}

/** Keeps the last frame on screen once the camera is off. */
function stillOf(video, label) {
  const canvas = document.createElement("canvas")
  canvas.width = video.videoWidth
  canvas.height = video.videoHeight
  canvas.getContext("2d").drawImage(video, 0, 0)
  canvas.setAttribute("role", "img")
  canvas.setAttribute("aria-label", label)
  return canvas
}

export async function run(check) {
  const stream = await check.getUserMedia({ video: true })
  const video = document.createElement("video")
  video.muted = true
  video.playsInline = true
  video.setAttribute("aria-label", check.text("preview"))
  video.srcObject = stream
  check.media.replaceChildren(video)
  await video.play()
  const frames = await sampleFrames(video)
  check.signal.throwIfAborted() // out of time: the widget has already said so
  const verdict = judgeFrames(frames)
  const { width, height } = stream.getVideoTracks()[0].getSettings()
  check.media.replaceChildren(stillOf(video, check.text("preview")))
  check.stop(stream)
  return { status: verdict === "pass" ? "pass" : "fail", code: verdict, values: { width, height } }
}
