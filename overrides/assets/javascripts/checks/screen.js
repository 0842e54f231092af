/**
 * Screen check: the candidate's own click opens Chrome's picker; only the
 * entire screen passes. Sharing that stops during the check is noticed.
 */

export const codes = ["pass", "not-computer", "window-shared", "tab-shared", "sharing-stopped", "NotAllowedError", "timeout", "error"]
export const deadlineMs = 120000 // the picker waits for the candidate's choice

// The picker needs the candidate's click, so "check everything" waits for it.
export const needsClick = true

const WATCH_MS = 1500

export function judgeSurface(displaySurface) {
  if (displaySurface === "monitor") return "pass"
  return displaySurface === "window" ? "window-shared" : "tab-shared"
}

export async function run(check) {
  const stream = await check.getDisplayMedia({ video: true, audio: false })
  const [track] = stream.getVideoTracks()
  try {
    const verdict = judgeSurface(track.getSettings().displaySurface)
    if (verdict !== "pass") return { status: "fail", code: verdict, values: {} }
    const stopped = new Promise(resolve => track.addEventListener("ended", () => resolve(true), { once: true }))
    const watched = new Promise(resolve => setTimeout(() => resolve(false), WATCH_MS))
    if (await Promise.race([stopped, watched])) return { status: "fail", code: "sharing-stopped", values: {} }
    return { status: "pass", code: "pass", values: {} }
  } finally {
    check.stop(stream)
  }
}
