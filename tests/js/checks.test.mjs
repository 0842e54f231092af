// Pure logic of the device checks: thresholds, verdicts, fixes, report text.
import assert from "node:assert/strict"
import { test } from "node:test"

import { classify } from "../../overrides/assets/javascripts/checks/browser.js"
import { judgeFrames } from "../../overrides/assets/javascripts/checks/camera.js"
import { fileProblem, mbpsOf, median, speedVerdict } from "../../overrides/assets/javascripts/checks/internet.js"
import { judgeLevel, rms } from "../../overrides/assets/javascripts/checks/microphone.js"
import { brandName, deviceKind, osName } from "../../overrides/assets/javascripts/checks/platform.js"
import { buildReport } from "../../overrides/assets/javascripts/checks/report.js"
import { fill, fixLinks, measuredNumbers } from "../../overrides/assets/javascripts/checks/results.js"
import { judgeSurface } from "../../overrides/assets/javascripts/checks/screen.js"
import { examHostOf } from "../../overrides/assets/javascripts/checks/server.js"

const chrome = { brands: [{ brand: "Not)A;Brand", version: "8" }, { brand: "Chromium", version: "131" }, { brand: "Google Chrome", version: "131" }], mobile: false, platform: "Windows" }

test("browser: Chromium desktop in a secure context passes and names the brand", () => {
  assert.deepEqual(classify({ uaData: chrome, userAgent: "", secure: true }), { status: "pass", code: "pass", values: { brand: "Google Chrome 131" } })
})

test("browser: each problem has its own code", () => {
  assert.equal(classify({ uaData: chrome, userAgent: "", secure: false }).code, "insecure-context")
  assert.equal(classify({ uaData: { ...chrome, mobile: true }, userAgent: "", secure: true }).code, "mobile")
  assert.equal(classify({ uaData: { ...chrome, platform: "Android" }, userAgent: "", secure: true }).code, "mobile")
  const firefox = "Mozilla/5.0 (Windows NT 10.0; rv:133.0) Gecko/20100101 Firefox/133.0"
  assert.equal(classify({ uaData: undefined, userAgent: firefox, secure: true }).code, "unsupported-browser")
  const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1"
  assert.equal(classify({ uaData: undefined, userAgent: iphone, secure: true }).code, "mobile")
})

test("platform: names from Client Hints or the User-Agent", () => {
  assert.equal(osName({ platform: "macOS" }, ""), "macOS")
  assert.equal(osName(undefined, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)"), "macOS")
  assert.equal(osName(undefined, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"), "Windows")
  assert.equal(brandName(undefined, "Mozilla/5.0 (X11) Gecko/20100101 Firefox/133.0"), "Firefox 133")
})

function frame(value, noise = 0) {
  const data = new Uint8ClampedArray(32 * 24 * 4)
  for (let i = 0; i < data.length; i++) data[i] = value + (noise ? (i * noise) % 17 : 0)
  return data
}

test("camera: black, frozen and moving pictures", () => {
  assert.equal(judgeFrames([frame(0), frame(3), frame(0)]), "black")
  assert.equal(judgeFrames([frame(120), frame(120), frame(120)]), "frozen")
  assert.equal(judgeFrames([frame(120), frame(120, 1), frame(120, 3)]), "pass")
})

test("microphone: listens at least a second and fails on silence after the window", () => {
  assert.equal(judgeLevel(0.4, 500), null)
  assert.equal(judgeLevel(0.4, 1000), "pass")
  assert.equal(judgeLevel(0.001, 3000), null)
  assert.equal(judgeLevel(0.001, 5000), "silent")
  assert.ok(Math.abs(rms([0.5, -0.5, 0.5, -0.5]) - 0.5) < 1e-9)
})

test("internet: below 1 Mbit/s fails, a margin above it warns, an upload not measured never passes", () => {
  assert.deepEqual(speedVerdict(0.99, 5), { status: "fail", code: "too-slow" })
  assert.deepEqual(speedVerdict(1.0, 5), { status: "warn", code: "slow" })
  assert.deepEqual(speedVerdict(1.49, 5), { status: "warn", code: "slow" })
  assert.deepEqual(speedVerdict(1.5, 5), { status: "pass", code: "pass" })
  assert.equal(median([30, 10, 20]), 20)
  assert.deepEqual(speedVerdict(5, 0.5), { status: "fail", code: "upload-too-slow" })
  assert.deepEqual(speedVerdict(0.5, 0.5), { status: "fail", code: "too-slow" })
  assert.deepEqual(speedVerdict(5, null), { status: "warn", code: "upload-failed" })
  assert.deepEqual(speedVerdict(0.5, null), { status: "fail", code: "too-slow" })
})

test("internet: only the build's file, whole, is a measurement", () => {
  const bytes = 2097152
  assert.equal(fileProblem({ status: 200, type: "application/octet-stream", length: "2097152" }, bytes), null)
  assert.equal(fileProblem({ status: 200, type: "application/octet-stream", length: null }, bytes), null)
  assert.equal(fileProblem({ status: 404, type: "text/html", length: "153" }, bytes), "answer 404")
  assert.equal(fileProblem({ status: 200, type: "text/html; charset=utf-8", length: "2097152" }, bytes), "a web page")
  assert.equal(fileProblem({ status: 200, type: "application/octet-stream", length: "0" }, bytes), "0 bytes")
  assert.equal(mbpsOf(0, 1000), null)
  assert.equal(mbpsOf(125000, 0), null)
  assert.equal(mbpsOf(125000, 1000), 1)
})

test("device kind: phones and tablets, however they report themselves", () => {
  const pixel = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36"
  const tab = "Mozilla/5.0 (Linux; Android 8.1.0; SM-T837A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"
  const ipad = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15"
  const windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"
  assert.equal(deviceKind({ userAgent: pixel }), "phone")
  assert.equal(deviceKind({ uaData: { platform: "Android", mobile: true }, userAgent: "" }), "phone")
  assert.equal(deviceKind({ userAgent: tab }), "tablet")
  assert.equal(deviceKind({ uaData: { platform: "Android", mobile: false }, userAgent: "" }), "tablet")
  assert.equal(deviceKind({ userAgent: ipad, maxTouchPoints: 5 }), "tablet")
  assert.equal(deviceKind({ userAgent: ipad, maxTouchPoints: 0 }), "computer")
  assert.equal(deviceKind({ uaData: chrome, userAgent: windows, maxTouchPoints: 10, screen: { width: 1280, height: 800 } }), "computer")
  const desktopSite = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"
  assert.equal(deviceKind({ userAgent: desktopSite, maxTouchPoints: 5, screen: { width: 412, height: 915 } }), "phone")
  assert.equal(deviceKind({ userAgent: desktopSite, maxTouchPoints: 0, screen: { width: 412, height: 915 } }), "computer")
})

test("exam site: ?exam= names a host of the allowed domains, nothing else", () => {
  const domains = ["oes.kz"]
  assert.equal(examHostOf("?exam=exam.oes.kz", domains), "exam.oes.kz")
  assert.equal(examHostOf("?exam=https://Exam.OES.kz/path?x=1", domains), "exam.oes.kz")
  assert.equal(examHostOf("?exam=oes.kz", domains), "oes.kz")
  assert.equal(examHostOf("?exam=evil.example", domains), null)
  assert.equal(examHostOf("?exam=oes.kz.evil.example", domains), null)
  assert.equal(examHostOf("?exam=evil-oes.kz", domains), null)
  assert.equal(examHostOf("?exam=user@exam.oes.kz", domains), "exam.oes.kz")
  assert.equal(examHostOf("?exam=javascript:alert(1)", domains), null)
  assert.equal(examHostOf("", domains), null)
})

test("screen: only the entire screen passes", () => {
  assert.equal(judgeSurface("monitor"), "pass")
  assert.equal(judgeSurface("window"), "window-shared")
  assert.equal(judgeSurface("browser"), "tab-shared")
})

test("results: a measured number is never rounded up past the minimum it failed", () => {
  for (const language of ["kk", "ru"]) {
    assert.equal(fill("{speed} Мбит/с", { speed: 0.96 }, measuredNumbers(language)), "0,9 Мбит/с")
    assert.equal(fill("{speed} Мбит/с", { speed: 12.99 }, measuredNumbers(language)), "12,9 Мбит/с")
  }
})

test("results: placeholders in the page's number format, macOS guides added to problems", () => {
  assert.equal(fill("{speed} Мбит/с, {latency} мс", { speed: 1.46, latency: 40 }, new Intl.NumberFormat("ru", { maximumFractionDigits: 1 })), "1,5 Мбит/с, 40 мс")
  const spec = {
    results: { pass: { fix: [] }, NotAllowedError: { fix: [{ href: "../help/allow/#unblock", text: "a" }] } },
    macosFix: [{ href: "../help/macos/", text: "m" }],
  }
  assert.deepEqual(fixLinks(spec, "NotAllowedError", "fail", false).map(l => l.href), ["../help/allow/#unblock"])
  assert.deepEqual(fixLinks(spec, "NotAllowedError", "fail", true).map(l => l.href), ["../help/allow/#unblock", "../help/macos/"])
  assert.deepEqual(fixLinks(spec, "pass", "pass", true), [])
})

test("report: one line per check with status, error and message", () => {
  const common = { report_title: "Report", report_date: "Date", report_browser: "Browser", report_os: "OS", report_not_run: "not run" }
  const text = buildReport({
    common, date: new Date("2026-11-25T10:00:00Z"), browser: "Chromium 156", os: "Linux",
    checks: [
      { name: "Camera", status: "fail", statusLabel: "Problem", error: "NotAllowedError", message: "Denied." },
      { name: "Internet", status: "pass", statusLabel: "OK", error: "", message: "5 Mbit/s." },
      { name: "Screen", status: "idle", statusLabel: "", error: "", message: "" },
    ],
  })
  assert.equal(text, "Report\nDate: 2026-11-25T10:00:00.000Z\nBrowser: Chromium 156\nOS: Linux\n\n" +
    "Camera: Problem [NotAllowedError] — Denied.\nInternet: OK — 5 Mbit/s.\nScreen: not run")
})
