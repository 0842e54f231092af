// Pure rules of the support features: the e-mail to support, reportable searches, page ids.
import assert from "node:assert/strict"
import { test } from "node:test"

import { MAIL_LIMIT, mailtoHref, pageIdOf, reportableQuery } from "../../docs/assets/javascripts/support/contract.js"

const mail = {
  address: "support@example.kz",
  subject: "«Веб-камера қатесі»",
  intro: "Мәселені қысқаша сипаттаңыз:",
  lines: ["Бет: https://help.example.kz/errors/camera/?os=windows#unblock", "Браузер: Google Chrome 131", "Операциялық жүйе: Windows"],
  trimmedNote: "Есеп қысқартылды",
}

function body(href) {
  return decodeURIComponent(new URL(href).searchParams.get("body") ?? "")
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

test("search: only queries that cannot be personal data are reported, cut to the limit", () => {
  assert.equal(reportableQuery("  камера   жоқ ", 64), "камера жоқ")
  assert.equal(reportableQuery("name@mail.kz", 64), null)
  assert.equal(reportableQuery("ИИН 990101300123", 64), null)
  assert.equal(reportableQuery("+7 (701) 123-45-67", 64), null)
  assert.equal(reportableQuery("ошибка 12345", 64), "ошибка 12345")
  assert.equal(reportableQuery("а", 64), null)
  assert.equal(reportableQuery("х".repeat(100), 64).length, 64)
})

test("page ids: the same id in every language, home pages are index", () => {
  assert.equal(pageIdOf("/errors/camera/", "/", ""), "errors/camera")
  assert.equal(pageIdOf("/ru/errors/camera/", "/", "ru/"), "errors/camera")
  assert.equal(pageIdOf("/ru/", "/", "ru/"), "index")
  assert.equal(pageIdOf("/", "/", ""), "index")
  assert.equal(pageIdOf("/help/site/ru/check/index.html", "/help/site/", "ru/"), "check")
})
