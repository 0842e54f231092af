/** Browser check: Chromium-based, on a computer, in a secure context (HTTPS). */

import { brandName, isChromium, isMobile } from "./platform.js"

export const codes = ["pass", "insecure-context", "mobile", "unsupported-browser", "error"]

/** Pure verdict, so it can be tested without a browser. */
export function classify({ uaData, userAgent, secure }) {
  if (!secure) return { status: "fail", code: "insecure-context" }
  if (isMobile(uaData, userAgent)) return { status: "fail", code: "mobile" }
  if (!isChromium(uaData)) return { status: "fail", code: "unsupported-browser" }
  return { status: "pass", code: "pass", values: { brand: brandName(uaData, userAgent) } }
}

export async function run() {
  return classify({ uaData: navigator.userAgentData, userAgent: navigator.userAgent, secure: window.isSecureContext })
}
