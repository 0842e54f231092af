/** Turning a check's result into words and fix links; pure, so node can test it. */

/**
 * How a check writes what it measured, in the page's language (1,4 in kk and ru): one decimal, rounded down,
 * never up, so 0.96 Mbit/s reads "0,9", under the 1 Mbit/s minimum it failed, and not "1".
 */
export function measuredNumbers(language) {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 1, roundingMode: "floor", useGrouping: false })
}

/** Fills `{name}` placeholders; numbers in the page's language (1,5 in kk and ru). */
export function fill(template, values = {}, numbers = new Intl.NumberFormat("en")) {
  return template.replace(/\{(\w+)\}/g, (match, key) => {
    const value = values[key]
    if (value === undefined) return match
    return typeof value === "number" ? numbers.format(value) : String(value)
  })
}

/** The fix links for a result: its own, plus the macOS guides for problems on a Mac. */
export function fixLinks(spec, code, status, mac) {
  const own = spec.results[code]?.fix ?? []
  const extra = mac && status !== "pass" ? spec.macosFix : []
  return [...own, ...extra.filter(link => !own.some(o => o.href === link.href))]
}
