/**
 * The device-check widget. The page already holds its markup (rendered at
 * build time, so nothing shifts when this code arrives); this runs the check
 * module of that name and shows the result with the steps that fix it. State
 * is carried by attributes: `data-status` moves idle -> running -> pass |
 * warn | fail (`waiting` while it needs a click) and `data-error` names the
 * problem. Texts come from <lang>.json beside this file, written by the build.
 */

import { SITE_ROOT, visit } from "../site.js"
import { CHECKS_KEY, REPORT_KEY } from "../support/contract.js"
import { pageId, sendEvent } from "../support/events.js"
import { brandName, osName, thisDevice } from "./platform.js"
import { buildReport } from "./report.js"
import { fill, fixLinks, measuredNumbers } from "./results.js"

const language = document.documentElement.lang
const page = await (await fetch(new URL(`${language}.json`, import.meta.url))).json()
const config = page.proctoring
const numbers = measuredNumbers(language)
const openStreams = new Set()
const DEFAULT_DEADLINE_MS = 20000 // a check whose module names no deadline of its own
const OUT_OF_TIME = Symbol("out of time")

/** Camera, microphone and screen go off when the candidate leaves or the page changes. */
export function stopAllStreams() {
  for (const stream of openStreams) stream.getTracks().forEach(track => track.stop())
  openStreams.clear()
}

/** The plain-text report of `checks` (their summaries) in the page's language. */
export function reportOf(checks) {
  const keys = ["report_title", "report_date", "report_browser", "report_os", "report_not_run"]
  return buildReport({
    common: Object.fromEntries(keys.map(key => [key, page.common[key]])),
    date: new Date(),
    browser: brandName(navigator.userAgentData, navigator.userAgent),
    os: osName(navigator.userAgentData, navigator.userAgent),
    checks,
  })
}

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value)
  if (text !== undefined) node.textContent = text
  return node
}

export class Check {
  constructor(root) {
    this.root = root
    this.name = root.dataset.check
    this.spec = page.checks[this.name]
    this.config = config
    this.siteRoot = SITE_ROOT
    this.speedTest = page.speedTest // the internet check's file (and its size) and upload sink, from the site root
    this.signal = AbortSignal.abort() // each run gets its own (start)
    this.streams = new Set()
    // Decided once, before the first paint; an iPad says it is a Mac, and its problems are not a Mac's.
    this.mac = document.documentElement.dataset.os === "macos" && thisDevice() === "computer"
    this.module = import(`./${this.name}.js`)
    this.startButton = root.querySelector("[data-action=start]")
    this.statusText = root.querySelector(".device-check__status")
    this.message = root.querySelector(".device-check__message")
    this.media = root.querySelector(".device-check__media")
    this.fixes = root.querySelector(".device-check__fix")
    for (const button of root.querySelectorAll("[data-action]")) {
      button.addEventListener("click", () => this.start(button.dataset.action))
    }
  }

  text(key) {
    return page.common[key]
  }

  setStatus(status) {
    this.root.dataset.status = status
    this.statusText.textContent = this.text(`status_${status}`)
    this.root.dispatchEvent(new CustomEvent("check:status", { bubbles: true, detail: { check: this } }))
  }

  say(code, values, notes = []) {
    const result = this.spec.results[code]
    const sentences = result ? [result.message, ...notes.map(note => this.text(note))] : []
    this.message.textContent = sentences.map(sentence => fill(sentence, values, numbers)).join(" ")
    this.showFixes(code, result && code !== "pass" ? "warn" : "pass")
  }

  /** A problem's fixes, or what a passing result still points to (the exam site's own permission). */
  showFixes(code, status) {
    const links = fixLinks(this.spec, code, status, this.mac)
    this.fixes.hidden = links.length === 0
    const list = element("ul")
    for (const link of links) {
      const item = element("li")
      item.append(element("a", { href: new URL(link.href, SITE_ROOT).href }, link.text))
      list.append(item)
    }
    this.fixes.replaceChildren(element("p", {}, this.text(status === "pass" ? "see_also" : "fix")), list)
  }

  /** A signal that aborts when this run of the check is out of time or `ms` have passed, whichever is first. */
  deadline(ms) {
    return AbortSignal.any([this.signal, AbortSignal.timeout(ms)])
  }

  /** Called by "check everything" for a check that needs the candidate's own click. */
  async needsClick() {
    return (await this.module).needsClick === true
  }

  wait() {
    this.setStatus("waiting")
    this.say("waiting")
    this.startButton.focus({ preventScroll: true })
  }

  async getUserMedia(constraints) {
    if (!navigator.mediaDevices) throw new DOMException("No secure context", "NotSupportedError")
    return this.track(await navigator.mediaDevices.getUserMedia(constraints))
  }

  async getDisplayMedia(constraints) {
    if (!navigator.mediaDevices?.getDisplayMedia) throw new DOMException("No secure context", "NotSupportedError")
    return this.track(await navigator.mediaDevices.getDisplayMedia(constraints))
  }

  /** Keeps a stream to stop it later; one that arrives after the check ran out of time is stopped at once. */
  track(stream) {
    if (this.signal.aborted) {
      stream.getTracks().forEach(track => track.stop())
      this.signal.throwIfAborted()
    }
    this.streams.add(stream)
    openStreams.add(stream)
    return stream
  }

  stop(stream) {
    stream.getTracks().forEach(track => track.stop())
    this.streams.delete(stream)
    openStreams.delete(stream)
  }

  async start(answer) {
    if (this.root.dataset.status === "running") return
    this.result = null
    delete this.root.dataset.error
    this.media.replaceChildren()
    this.message.textContent = ""
    this.fixes.hidden = true
    this.setStatus("running")
    const controller = new AbortController()
    this.signal = controller.signal
    let timer, result
    try {
      const module = await this.module
      const outOfTime = new Promise(resolve => {
        timer = setTimeout(() => {
          controller.abort(new DOMException("The check ran out of time", "TimeoutError"))
          resolve(OUT_OF_TIME)
        }, module.deadlineMs ?? DEFAULT_DEADLINE_MS)
      })
      result = await Promise.race([module.run(this, answer), outOfTime])
      if (result === OUT_OF_TIME) result = this.outOfTime()
    } catch (error) {
      if (error?.name === "TimeoutError" || this.signal.aborted) result = this.outOfTime()
      else {
        const known = error?.name in this.spec.results
        result = { status: "fail", code: known ? error.name : "error", values: {}, error: error?.name ?? "error" }
      }
    } finally {
      clearTimeout(timer)
      controller.abort() // whatever the check still awaits ends now, and says nothing more
      for (const stream of this.streams) this.stop(stream)
    }
    // A check with words for "not the exam computer" tests this device's camera, microphone or screen.
    if ("not-computer" in this.spec.results) result = this.onThisDevice(result)
    this.show(result)
    return result
  }

  outOfTime() {
    const code = "timeout" in this.spec.results ? "timeout" : "error"
    return { status: "fail", code, values: {} }
  }

  /** A result of this device's camera, microphone or screen says so when the device is not a computer. */
  onThisDevice(result) {
    const device = thisDevice()
    if (device === "computer") return result
    const notes = [...(result.notes ?? []), `tested_${device}`]
    return result.status === "pass" ? { ...result, status: "warn", code: "not-computer", notes } : { ...result, notes }
  }

  show(result) {
    this.result = result
    for (const [key, value] of Object.entries(result.values ?? {})) {
      if (typeof value === "number") this.root.dataset[`value${key[0].toUpperCase()}${key.slice(1)}`] = String(value)
    }
    if (result.status !== "pass") this.root.dataset.error = result.error ?? result.code
    // A question's answer buttons keep their words; a test offers to run again.
    if (!this.root.querySelector("[data-action=decline]")) this.startButton.textContent = this.text("again")
    this.say(result.code, result.values, result.notes)
    this.showFixes(result.code, result.status)
    this.setStatus(result.status)
    this.remember()
    // The outcome only: no measured numbers, no device names.
    sendEvent({ kind: "check", page: pageId(), check: this.name, status: result.status,
                error: result.status === "pass" ? "none" : this.root.dataset.error })
  }

  /** This visit's report, for the e-mail to support from any page. */
  remember() {
    let seen = {}
    try { seen = JSON.parse(visit.get(CHECKS_KEY) ?? "{}") } catch { /* a broken entry is replaced */ }
    seen[this.name] = this.summary()
    visit.set(CHECKS_KEY, JSON.stringify(seen))
    visit.set(REPORT_KEY, reportOf(Object.values(seen)))
  }

  /** What the report says about this check. */
  summary() {
    const status = this.root.dataset.status
    return {
      name: this.spec.name,
      status,
      statusLabel: this.text(`status_${status}`),
      error: this.root.dataset.error ?? "",
      message: this.result ? this.message.textContent : "",
    }
  }
}
