/** Browser check: Chromium-based, on a computer (not a phone or tablet), in a secure context (HTTPS). */

import { brandName, deviceKind, isChromium } from "./platform.js"

export const codes = ["pass", "insecure-context", "mobile", "unsupported-browser", "timeout", "error"]

/** Pure verdict, so it can be tested without a browser. */
export function classify({ uaData, userAgent, secure, maxTouchPoints = 0, screen = null }) {
  if (!secure) return { status: "fail", code: "insecure-context" }
  if (deviceKind({ uaData, userAgent, maxTouchPoints, screen }) !== "computer") return { status: "fail", code: "mobile" }
  if (!isChromium(uaData)) return { status: "fail", code: "unsupported-browser" }
  return { status: "pass", code: "pass", values: { brand: brandName(uaData, userAgent) } }
}

export async function run() {
  return classify({ uaData: navigator.userAgentData, userAgent: navigator.userAgent, secure: window.isSecureContext,
                    maxTouchPoints: navigator.maxTouchPoints, screen: window.screen })
}
