/**
 * "Check everything" on the check page: runs the checks in page order (those
 * that need the candidate's own click wait for it), each to its end whatever
 * the others do, keeps a summary, and copies a plain-text report for support.
 * It can be started again once a run has ended.
 */

import { reportOf } from "./widget.js"

export function mountRunner(root, checks, text) {
  const startAll = root.querySelector("[data-action=start-all]")
  const copy = root.querySelector("[data-action=copy-report]")
  const summary = root.querySelector(".check-runner__summary")
  const copied = root.querySelector(".check-runner__copied")

  const update = () => {
    const statuses = checks.map(check => check.root.dataset.status)
    const passed = statuses.filter(status => status === "pass").length
    const waiting = statuses.includes("waiting") ? ` ${text("summary_waiting")}` : ""
    const started = statuses.some(status => status !== "idle")
    summary.textContent = started ? text("summary").replace("{passed}", passed).replace("{total}", checks.length) + waiting : ""
    root.dataset.passed = String(passed)
  }
  document.addEventListener("check:status", update)

  startAll.addEventListener("click", async () => {
    startAll.disabled = true
    try {
      // Each check ends by its own deadline; one that breaks is shown as failed and the rest still run.
      for (const check of checks) {
        try {
          if (await check.needsClick()) check.wait()
          else await check.start("start")
        } catch {
          check.show({ status: "fail", code: "error", values: {} })
        }
      }
    } finally {
      startAll.disabled = false
    }
  })

  copy.addEventListener("click", async () => {
    const report = reportOf(checks.map(check => check.summary()))
    try {
      await navigator.clipboard.writeText(report)
      copied.textContent = text("report_copied")
    } catch {
      copied.textContent = text("report_failed")
    }
  })
}
