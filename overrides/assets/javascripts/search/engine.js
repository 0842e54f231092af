/**
 * Search engine for Kazakh and Russian candidates, used by worker.js.
 *
 * The index is built in the browser from the page documents of one language
 * (search/<lang>.json), so the rules below serve the documents and the query
 * alike: normalisation (ё = е), suffix-stripping stemmers for Kazakh and
 * Russian, text typed in the Latin keyboard layout, Latin transliteration,
 * and one missing, extra or wrong letter. Results come back in the shape
 * Material's search list renders.
 */

// ---------------------------------------------------------------- words

const WORD = /[\p{L}\p{N}]+/gu
const LATIN = /[a-z]/

export function normalize(text) {
  return text.normalize("NFC").toLowerCase().replace(/ё/g, "е")
}

export function words(text) {
  return normalize(text).match(WORD) ?? []
}

const SUFFIXES = {
  kk: [
    "лар", "лер", "дар", "дер", "тар", "тер",
    "ымыз", "іміз", "мыз", "міз", "ыңыз", "іңіз", "ңыз", "ңіз", "ым", "ім", "ың", "ің", "сы", "сі", "ы", "і", "м", "ң",
    "ның", "нің", "дың", "дің", "тың", "тің",
    "ға", "ге", "қа", "ке", "на", "не", "а", "е",
    "ны", "ні", "ды", "ді", "ты", "ті", "н",
    "нда", "нде", "да", "де", "та", "те",
    "нан", "нен", "дан", "ден", "тан", "тен",
    "мен", "бен", "пен",
    "у", "ып", "іп", "ған", "ген", "қан", "кен", "мау", "меу",
  ],
  ru: [
    "иями", "ями", "ами", "ией", "иям", "ием", "иях", "ого", "его", "ому", "ему", "ыми", "ими",
    "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий", "ой", "ей", "ую", "юю", "ом", "ем", "ам", "ям", "ах", "ях",
    "ов", "ев", "ью", "ия", "ья", "ье", "ии", "ьи",
    "ите", "ете", "ешь", "ишь", "ет", "ит", "ут", "ют", "ат", "ят", "им", "ла", "ло", "ли", "ил", "ыл", "ал", "ял",
    "ать", "ять", "ить", "еть", "уть", "ыть", "ти",
    "а", "я", "о", "е", "ы", "и", "у", "ю", "й", "ь",
  ],
}
for (const list of Object.values(SUFFIXES)) list.sort((a, b) => b.length - a.length)

const MIN_STEM = 3

/** Strips inflection, longest suffix first, a few times (Kazakh stacks them). */
export function stem(word, lang) {
  if (LATIN.test(word) || /\d/.test(word) || word.length <= MIN_STEM) return word
  let current = lang === "ru" ? word.replace(/(ся|сь)$/, "") : word
  if (current.length < MIN_STEM) current = word
  for (let round = 0; round < (lang === "kk" ? 4 : 1); round++) {
    const suffix = SUFFIXES[lang].find(s => current.endsWith(s) && current.length - s.length >= MIN_STEM)
    if (!suffix) break
    current = current.slice(0, -suffix.length)
  }
  return current
}

// Letters that sound alike or that a Latin spelling cannot tell apart.
const LOOSE = { "э": "е", "й": "и", "ы": "и", "і": "и", "ъ": "", "ь": "", "ә": "а", "ө": "о", "ү": "у", "ұ": "у",
  "қ": "к", "ғ": "г", "ң": "н", "һ": "х", "щ": "ш" }

export function loose(word) {
  return [...word].map(letter => LOOSE[letter] ?? letter).join("")
}

// The Russian (ЙЦУКЕН) layout, and Kazakh letters on the number row.
const LAYOUT = {
  q: "й", w: "ц", e: "у", r: "к", t: "е", y: "н", u: "г", i: "ш", o: "щ", p: "з", "[": "х", "]": "ъ",
  a: "ф", s: "ы", d: "в", f: "а", g: "п", h: "р", j: "о", k: "л", l: "д", ";": "ж", "'": "э",
  z: "я", x: "ч", c: "с", v: "м", b: "и", n: "т", m: "ь", ",": "б", ".": "ю", "`": "е",
  "2": "ә", "3": "і", "4": "ң", "5": "ғ", "8": "ү", "9": "ұ", "0": "қ", "-": "ө", "=": "һ",
}

/** Text typed with the English layout on: "rfvthf" -> "камера". */
export function fromLatinLayout(text) {
  return text.toLowerCase().split(/\s+/).map(token =>
    LATIN.test(token) ? [...token].map(key => LAYOUT[key] ?? key).join("") : token).join(" ")
}

const TRANSLIT = [
  ["shch", "щ"], ["sch", "щ"], ["zh", "ж"], ["kh", "х"], ["ch", "ч"], ["sh", "ш"], ["ts", "ц"],
  ["yu", "ю"], ["ya", "я"], ["yo", "е"], ["ju", "ю"], ["ja", "я"],
  ["a", "а"], ["b", "б"], ["c", "к"], ["d", "д"], ["e", "е"], ["f", "ф"], ["g", "г"], ["h", "х"], ["i", "и"],
  ["j", "ж"], ["k", "к"], ["l", "л"], ["m", "м"], ["n", "н"], ["o", "о"], ["p", "п"], ["q", "қ"], ["r", "р"],
  ["s", "с"], ["t", "т"], ["u", "у"], ["v", "в"], ["w", "у"], ["x", "кс"], ["y", "ы"], ["z", "з"],
  ["ä", "ә"], ["ö", "ө"], ["ü", "ү"], ["ū", "ұ"], ["ğ", "ғ"], ["ñ", "ң"], ["ı", "ы"], ["ş", "ш"], ["ç", "ч"],
]

/** Kazakh or Russian written in Latin letters: "kamerany" -> "камераны". */
export function fromTransliteration(text) {
  let result = ""
  const source = normalize(text)
  for (let i = 0; i < source.length;) {
    const pair = TRANSLIT.find(([latin]) => source.startsWith(latin, i))
    result += pair ? pair[1] : source[i]
    i += pair ? pair[0].length : 1
  }
  return result
}

/** At most one letter missing, extra, wrong or two swapped. */
export function withinOneEdit(a, b) {
  if (Math.abs(a.length - b.length) > 1 || a === b) return a === b
  let i = 0
  while (i < a.length && a[i] === b[i]) i++
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a]
  return long.slice(i + 1) === short.slice(i)
}

// ---------------------------------------------------------------- index

const FIELDS = { message: 6, title: 3, keywords: 3, text: 1 }
const MATCH = { exact: 1, loose: 0.8, inflected: 0.7, prefix: 0.6, fuzzy: 0.5 }

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c])
}

export function createIndex(docs, lang) {
  const postings = new Map() // stem -> Map(doc -> weight)
  const byLoose = new Map() // loose stem -> Set(stem)
  docs.forEach((doc, id) => {
    for (const [field, boost] of Object.entries(FIELDS)) {
      for (const word of words(doc[field] ?? "")) {
        const key = stem(word, lang)
        if (!postings.has(key)) postings.set(key, new Map())
        const docWeights = postings.get(key)
        docWeights.set(id, (docWeights.get(id) ?? 0) + boost)
        if (!byLoose.has(loose(key))) byLoose.set(loose(key), new Set())
        byLoose.get(loose(key)).add(key)
      }
    }
  })
  const vocabulary = [...postings.keys()]
  const idf = key => Math.log(1 + docs.length / postings.get(key).size)

  /** Index stems a query word can mean, each with how sure we are. */
  function candidates(word) {
    const key = stem(word, lang)
    const found = new Map()
    const add = (stemKey, weight) => found.set(stemKey, Math.max(found.get(stemKey) ?? 0, weight))
    if (postings.has(key)) add(key, MATCH.exact)
    for (const alike of byLoose.get(loose(key)) ?? []) add(alike, MATCH.loose)
    if (key.length >= 3) for (const other of vocabulary) if (other.startsWith(key)) add(other, MATCH.prefix)
    // An ending the stemmer does not know, or a transliteration that hides it.
    const spelled = loose(normalize(word))
    for (const other of vocabulary) if (other.length >= 4 && spelled.startsWith(loose(other))) add(other, MATCH.inflected)
    if (key.length >= 4) for (const other of vocabulary) if (withinOneEdit(other, key)) add(other, MATCH.fuzzy)
    return found
  }

  function score(queryWords) {
    const scores = new Map()
    const matched = new Map() // doc -> Set(query word index)
    const stems = new Set()
    queryWords.forEach((word, position) => {
      const best = new Map()
      for (const [key, weight] of candidates(word)) {
        stems.add(key)
        for (const [id, fieldWeight] of postings.get(key)) {
          best.set(id, Math.max(best.get(id) ?? 0, weight * Math.log(1 + fieldWeight) * idf(key)))
        }
      }
      for (const [id, value] of best) {
        scores.set(id, (scores.get(id) ?? 0) + value)
        if (!matched.has(id)) matched.set(id, new Set())
        matched.get(id).add(position)
      }
    })
    const queryStems = queryWords.map(word => stem(word, lang)).join(" ")
    for (const [id, value] of scores) {
      const coverage = matched.get(id).size / queryWords.length
      let total = value * coverage * coverage
      // The exact message on the candidate's screen puts its page first.
      const message = docs[id].message && words(docs[id].message).map(word => stem(word, lang)).join(" ")
      if (message && queryStems.includes(message)) total *= 4
      scores.set(id, total)
    }
    return { scores, matched, stems }
  }

  /** Escaped text with the matched words in <mark>; cut to `limit` around the first match. */
  function highlight(text, stems, limit) {
    const hit = word => stems.has(stem(normalize(word), lang))
    let snippet = text
    if (limit && text.length > limit) {
      const first = [...text.matchAll(/[\p{L}\p{N}]+/gu)].find(match => hit(match[0]))?.index ?? 0
      const start = Math.max(0, first - 60)
      snippet = (start > 0 ? "…" : "") + text.slice(start, start + limit) + (start + limit < text.length ? "…" : "")
    }
    return escapeHtml(snippet).replace(/[\p{L}\p{N}]+/gu, word => hit(word) ? `<mark>${word}</mark>` : word)
  }

  function search(query) {
    const original = words(query)
    if (!original.length) return { items: [] }
    const variants = [original]
    if (LATIN.test(normalize(query))) variants.push(words(fromLatinLayout(query)), words(fromTransliteration(query)))
    let best = null
    for (const variant of variants) {
      const result = score(variant)
      const top = Math.max(0, ...result.scores.values())
      if (!best || top > best.top) best = { ...result, top, variant }
    }
    const { scores, matched, stems, variant } = best
    const groups = new Map()
    for (const [id, value] of [...scores].sort((a, b) => b[1] - a[1])) {
      const doc = docs[id]
      const page = doc.location.split("#")[0]
      const terms = Object.fromEntries(variant.map((word, position) => [word, matched.get(id).has(position)]))
      const item = {
        location: doc.location,
        title: highlight(doc.title, stems),
        text: `<p>${highlight(doc.text, stems, 240)}</p>`,
        score: value,
        terms,
      }
      if (!groups.has(page)) groups.set(page, [])
      groups.get(page).push(item)
    }
    for (const [page, items] of groups) {
      if (!items.some(item => item.location === page)) {
        const doc = docs.find(d => d.location === page)
        items.push({ location: page, title: escapeHtml(doc.title), text: "", score: 0,
          terms: Object.fromEntries(variant.map(word => [word, false])) })
      }
    }
    return { items: [...groups.values()] }
  }

  return { search, size: docs.length }
}
