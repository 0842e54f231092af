/** Device checks: mount every `[data-check]` widget and the check page's runner. */

import { mountRunner } from "./runner.js"
import { Check, stopAllStreams } from "./widget.js"

document$.subscribe(() => {
  stopAllStreams()
  const checks = [...document.querySelectorAll("[data-check]")].map(root => new Check(root))
  const runner = document.querySelector("[data-check-runner]")
  if (runner && checks.length) mountRunner(runner, checks, key => checks[0].text(key))
})
window.addEventListener("pagehide", stopAllStreams)
