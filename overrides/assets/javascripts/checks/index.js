/**
 * Device checks, loaded by links.js on the first click on a check's button
 * (the page's widgets are plain markup until then): wires every
 * `[data-check]` widget and the check page's runner, then does what that
 * first click asked for.
 */

import { mountRunner } from "./runner.js"
import { Check, stopAllStreams } from "./widget.js"

let mounted = false

export function activate(button) {
  if (!mounted) {
    mounted = true
    const checks = [...document.querySelectorAll("[data-check]")].map(root => new Check(root))
    const runner = document.querySelector("[data-check-runner]")
    if (runner && checks.length) mountRunner(runner, checks, key => checks[0].text(key))
    window.addEventListener("pagehide", stopAllStreams)
    document$.subscribe({ next: stopAllStreams })
  }
  button.click()
}
