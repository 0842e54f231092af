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

export function isMobile(uaData, userAgent) {
  return uaData ? uaData.mobile === true : /Android|iPhone|iPad|iPod|Mobile/i.test(userAgent ?? "")
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
