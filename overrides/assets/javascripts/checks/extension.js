/**
 * Extension check. A page cannot see another extension unless that extension
 * cooperates, so this asks the candidate instead of pretending to detect it.
 */

export const codes = ["pass", "not-installed", "error"]

export const needsClick = true

/** `answer` is the button the candidate pressed: "start" (installed) or "decline". */
export async function run(check, answer) {
  return answer === "decline"
    ? { status: "fail", code: "not-installed", values: {} }
    : { status: "pass", code: "pass", values: {} }
}
