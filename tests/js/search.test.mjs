// The search engine's language rules, without a browser.
import assert from "node:assert/strict"
import { test } from "node:test"

import {
  createIndex, fromLatinLayout, fromTransliteration, loose, normalize, stem, withinOneEdit,
} from "../../overrides/assets/javascripts/search/engine.js"

test("Kazakh forms reduce to one stem, both ways", () => {
  const forms = ["камера", "камераны", "камерамды", "камерасы", "камерасының", "камераға"]
  assert.equal(new Set(forms.map(w => stem(w, "kk"))).size, 1)
  assert.equal(stem("микрофонды", "kk"), stem("микрофон", "kk"))
  assert.equal(stem("тексеріңіз", "kk"), stem("тексеру", "kk"))
  assert.ok(stem("қосылу", "kk").includes("қ"), "Kazakh letters are never stripped")
})

test("Russian forms reduce to one stem, and ё is е", () => {
  assert.equal(new Set(["камера", "камеры", "камерой", "камеру"].map(w => stem(w, "ru"))).size, 1)
  assert.equal(normalize("Чёрный"), "черный")
})

test("keyboard layout, transliteration, loose spelling, one edit", () => {
  assert.equal(fromLatinLayout("rfvthf"), "камера")
  assert.equal(fromLatinLayout("rfvthfys"), "камераны")
  assert.equal(fromTransliteration("kamerany"), "камераны")
  assert.equal(fromTransliteration("podklyuchenie"), "подключение")
  assert.equal(loose("қате"), "кате")
  assert.ok(withinOneEdit("микрофн", "микрофон") && withinOneEdit("камерра", "камера") && withinOneEdit("микрафон", "микрофон"))
  assert.ok(!withinOneEdit("камера", "микрофон"))
})

test("the exact message puts its page first; results are grouped by page with marks", () => {
  const docs = [
    { location: "errors/camera/", title: "«Веб-камераны қосу» қатесі", message: "Веб-камераны қосу", text: "Камера." },
    { location: "errors/camera/#restart", title: "1. Қосу", text: "Компьютерді қосыңыз, камераны тексеріңіз." },
    { location: "help/black-screen/", title: "Қара экран", text: "Веб-камера қара, қосу керек." },
  ]
  const { items } = createIndex(docs, "kk").search("Веб-камераны қосу")
  assert.equal(items[0][0].location, "errors/camera/")
  assert.ok(items[0][0].title.includes("<mark>"))
  assert.deepEqual(items.map(group => group.map(item => item.location.split("#")[0])).flat().filter((v, i, a) => a.indexOf(v) === i), ["errors/camera/", "help/black-screen/"])
  assert.deepEqual(createIndex(docs, "kk").search("   "), { items: [] })
})
