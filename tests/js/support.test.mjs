// Pure rules of the support features: the e-mail to support, reportable searches, page ids.
import assert from "node:assert/strict"
import { test } from "node:test"

import { readFileSync } from "node:fs"

import { MAIL_LIMIT, eventBody, mailtoHref, pageIdOf, personal, reportableQuery } from "../../overrides/assets/javascripts/support/contract.js"

// The contract as the pages receive it (helpsite/events.py's browser_contract), and the cases all three share.
const contract = JSON.parse(readFileSync(new URL("../fixtures/browser-contract.json", import.meta.url)))
const cases = JSON.parse(readFileSync(new URL("../fixtures/personal-data.json", import.meta.url)))
const texts = JSON.parse(readFileSync(new URL("../fixtures/event-text.json", import.meta.url))).cases

const mail = {
  address: "support@example.kz",
  subject: "«Веб-камера қатесі»",
  intro: "Мәселені қысқаша сипаттаңыз:",
  lines: ["Бет: https://help.example.kz/errors/camera/?os=windows#unblock", "Браузер: Google Chrome 131", "Операциялық жүйе: Windows"],
  trimmedNote: "Есеп қысқартылды",
}

function body(href) {
  return new URL(href).searchParams.get("body") ?? ""
}

test("mail: subject and every line, encoded for a mailto: URL", () => {
  const href = mailtoHref({ ...mail, report: "Камера: Дұрыс" })
  assert.ok(href.startsWith("mailto:support@example.kz?subject=%C2%AB"))
  assert.equal(new URL(href).searchParams.get("subject"), mail.subject)
  for (const line of [...mail.lines, "Камера: Дұрыс"]) assert.ok(body(href).includes(line), line)
  assert.ok(!body(href).includes(mail.trimmedNote))
})

test("mail: a long report is cut to the limit, the address and lines never", () => {
  const report = Array.from({ length: 80 }, (_, i) => `Тексеру ${i}: Қате [NotAllowedError] — камераға рұқсат жоқ`).join("\n")
  const href = mailtoHref({ ...mail, report })
  assert.ok(href.length <= MAIL_LIMIT, href.length)
  for (const line of mail.lines) assert.ok(body(href).includes(line), line)
  assert.ok(body(href).includes("Тексеру 0:") && !body(href).includes("Тексеру 79:"))
  assert.ok(body(href).endsWith(`[${mail.trimmedNote}]`))
})

test("mail: within the limit whatever the address, lines and subject hold", () => {
  const hostile = { ...mail, subject: "ш".repeat(3000), lines: [`Бет: https://help.example.kz/errors/camera/#${"%E0%A4".repeat(900)}`, "Браузер: x", "Жүйе: y"] }
  const href = mailtoHref({ ...hostile, report: "Тексеру: Қате\n".repeat(200) })
  assert.ok(href.length <= MAIL_LIMIT, href.length)
  assert.ok(body(href).includes("Браузер: x") && body(href).includes("Бет: https://help.example.kz/errors/camera/"))
})

test("search: a query is reported only when it cannot be personal data, the same cases as nginx and make report", () => {
  assert.equal(reportableQuery("  камера   жоқ ", contract), "камера жоқ")
  for (const text of cases.personal) {
    assert.ok(personal(text, contract), text)
    assert.equal(reportableQuery(text, contract), null, text)
  }
  for (const text of cases.not_personal) assert.equal(reportableQuery(text, contract), text)
  assert.equal(reportableQuery("а", contract), null)
  assert.equal(reportableQuery('a "quote"', contract), null)
  assert.equal(reportableQuery("х".repeat(100), contract).length, 64)
  // What lies past the 64 characters sent counts too: no part of an IIN or an address is sent.
  assert.equal(reportableQuery("помогите пожалуйста, камера не работает при входе, мой ИИН 990101300123", contract), null)
  assert.equal(reportableQuery("камера не работает, ответьте пожалуйста мне на электронную почту ivan@mail.kz", contract), null)
  assert.equal([...reportableQuery("😀".repeat(100), contract)].length, 64)
})

test("events: fields in the contract's order, kind first, the page's language", () => {
  assert.equal(eventBody({ answer: "no", page: "errors/camera", kind: "feedback" }, contract, "kk"),
               '{"kind":"feedback","page":"errors/camera","lang":"kk","answer":"no"}')
  assert.equal(eventBody({ kind: "unknown" }, contract, "kk"), null)
})

test("page ids: the same id in every language, home pages are index", () => {
  assert.equal(pageIdOf("/errors/camera/", "/", ""), "errors/camera")
  assert.equal(pageIdOf("/ru/errors/camera/", "/", "ru/"), "errors/camera")
  assert.equal(pageIdOf("/ru/", "/", "ru/"), "index")
  assert.equal(pageIdOf("/", "/", ""), "index")
  assert.equal(pageIdOf("/help/site/ru/check/index.html", "/help/site/", "ru/"), "check")
})

test("search: the page sends the contract's normal form of a query, the one nginx logs and the report counts", () => {
  for (const { name, raw, sent } of texts) assert.equal(reportableQuery(raw, contract), sent, name)
})

test("events: a long query is cut by characters, never inside a surrogate pair", () => {
  const body = eventBody({ kind: "search", query: "ж" + "😀".repeat(100) }, contract, "ru")
  assert.ok(!/\\ud83d/.test(body) && JSON.parse(body).query.length === 1 + 2 * 63)
})
