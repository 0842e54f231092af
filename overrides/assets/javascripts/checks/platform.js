/** What the visitor runs: browser brand and operating system, from Client Hints or the User-Agent. */

const GENERIC_BRANDS = /not.?a.?brand|^chromium$/i
const CHROMIUM_BRANDS = /chromium|google chrome|microsoft edge|opera|yandex|yabrowser/i

/** The most specific brand with its major version, such as "Google Chrome 131". */
export function brandName(uaData, userAgent) {
  const brands = uaData?.brands ?? []
  const named = brands.find(b => !GENERIC_BRANDS.test(b.brand)) ?? brands.find(b => /chromium/i.test(b.brand))
  if (named) return `${named.brand} ${named.version}`
  const match = /(Firefox|Edg|OPR|YaBrowser|Chrome|Version)\/(\d+)/.exec(userAgent ?? "")
  return match ? `${match[1] === "Version" ? "Safari" : match[1]} ${match[2]}` : "?"
}

export function isChromium(uaData) {
  return (uaData?.brands ?? []).some(b => CHROMIUM_BRANDS.test(b.brand))
}

const HANDHELD = /Android|iPhone|iPad|iPod|Mobile/i
const TABLET = /iPad|Tablet/i
const TABLET_SHORT_SIDE = 600 // CSS pixels: a phone's screen is narrower than this either way round

/**
 * "computer", "phone" or "tablet", from what the browser reports. Any sign of a phone or a tablet counts,
 * since a check that passes on one must not be taken for the exam computer's: Client Hints (an Android
 * tablet reports `mobile: false` but platform Android), the User-Agent, a Mac with a touch screen (an
 * iPad: iPadOS asks for the desktop site as a Mac), and a touch screen narrower than any computer's
 * behind a Linux User-Agent (Android's "desktop site").
 */
export function deviceKind({ uaData, userAgent = "", maxTouchPoints = 0, screen = null }) {
  const platform = uaData?.platform ?? ""
  const shortSide = screen ? Math.min(screen.width, screen.height) : Infinity
  const touchMac = /Macintosh/.test(userAgent) && maxTouchPoints > 0 // no Mac has a touch screen
  const touchLinux = /Linux/.test(userAgent) && !/Windows|Macintosh|CrOS/.test(userAgent) && maxTouchPoints > 0
    && shortSide < TABLET_SHORT_SIDE
  const handheld = uaData?.mobile === true || /^(Android|iOS)$/i.test(platform) || HANDHELD.test(userAgent)
    || touchMac || touchLinux
  if (!handheld) return "computer"
  if (touchMac || TABLET.test(userAgent)) return "tablet"
  if (/iPhone|iPod/.test(userAgent)) return "phone"
  // Android's convention: "Mobile" in a phone's User-Agent, not in a tablet's.
  if (/Android/.test(userAgent)) return /Mobile/.test(userAgent) ? "phone" : "tablet"
  if (/^Android$/i.test(platform)) return uaData.mobile ? "phone" : "tablet"
  return shortSide >= TABLET_SHORT_SIDE ? "tablet" : "phone"
}

/** This browser's device kind. */
export function thisDevice() {
  return deviceKind({ uaData: navigator.userAgentData, userAgent: navigator.userAgent,
                      maxTouchPoints: navigator.maxTouchPoints, screen: window.screen })
}

export function osName(uaData, userAgent) {
  const platform = uaData?.platform || userAgent || ""
  if (/mac/i.test(platform)) return "macOS"
  if (/win/i.test(platform)) return "Windows"
  if (/android/i.test(platform)) return "Android"
  if (/iphone|ipad|ios/i.test(platform)) return "iOS"
  if (/cros|chrome os/i.test(platform)) return "ChromeOS"
  if (/linux/i.test(platform)) return "Linux"
  return "?"
}
