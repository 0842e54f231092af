// Offline help: after a first visit, the candidate's language version of the
// site stays readable without a connection. Registered by links.js as
// sw.js?lang=<language>&home=<its home, from the site root>&x=<1|2>. Precaching by revision, as Workbox does:
// scripts/finish_site.py writes offline/<language>.json (each file's content
// hash) and puts the hash of those lists into REVISION below, so a rebuild of
// unchanged content leaves this file byte-identical (the browser installs
// nothing), and a changed build fetches only the files whose hash changed,
// copying the others from the previous cache. Pictures are kept at the
// screen's density only (x). Handles GET requests to this site only (so never
// the events or the upload test), and never the speed test's file or the exam-day notice (notice.json).
// Switched off with `extra.offline: false`.
const REVISION = "development"
const params = new URL(self.location.href).searchParams
const language = params.get("lang")
const PREFIX = `help-${language}-`
const CACHE = PREFIX + REVISION
const LARGE_PICTURES = params.get("x") === "2"
const PICTURE = /assets\/pictures\/.*?(@2x)?\.webp$/
const SPEED_TEST = /\/assets\/speed-test\.bin$/ // measured on the network, never through this worker
const NOTICE = new URL("notice.json", self.location.href).pathname // the exam-day notice: always the server's
const REVISIONS = new URL("offline/revisions", self.location.href).href // where a cache keeps its file hashes
const HOME = new URL(params.get("home") ?? "", self.location.href).href

self.addEventListener("install", event => {
  event.waitUntil((async () => {
    const response = await fetch(new URL(`offline/${language}.json`, self.location.href), { cache: "no-cache" })
    const manifest = await response.json()
    const wanted = Object.entries(manifest.files).filter(([url]) => {
      const picture = PICTURE.exec(url)
      return !picture || Boolean(picture[1]) === LARGE_PICTURES
    })
    const cache = await caches.open(CACHE)
    const previous = await previousCache()
    const known = previous ? await (await previous.match(REVISIONS))?.json() ?? {} : {}
    await Promise.all(wanted.map(async ([url, revision]) => {
      const address = new URL(url, self.location.href).href
      const kept = known[url] === revision && await previous.match(address)
      // Revalidate rather than trust the HTTP cache: a changed file must be this build's.
      await cache.put(address, kept || await checked(await fetch(address, { cache: "no-cache" })))
    }))
    await cache.put(REVISIONS, new Response(JSON.stringify(Object.fromEntries(wanted))))
    await self.skipWaiting()
  })())
})

function checked(response) {
  if (!response.ok) throw new Error(`${response.url}: ${response.status}`)
  return response
}

async function previousCache() {
  const names = (await caches.keys()).filter(name => name.startsWith(PREFIX) && name !== CACHE)
  return names.length ? caches.open(names[names.length - 1]) : null
}

self.addEventListener("activate", event => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith("help-") && name !== CACHE) await caches.delete(name)
    await self.clients.claim()
  })())
})

async function fromNetworkFirst(request) {
  const cache = await caches.open(CACHE)
  // One copy per page whatever its query (?os=, a mail's tracking), and only of the pages the install
  // cached: a visit to any other address adds nothing.
  const page = new URL(request.url)
  page.search = page.hash = ""
  try {
    const response = await fetch(request)
    if (response.ok && await cache.match(page.href)) await cache.put(page.href, response.clone())
    return response
  } catch (error) {
    return (await cache.match(page.href)) ?? (await cache.match(HOME)) ?? Response.error()
  }
}

async function fromCacheFirst(request) {
  // The copy is stored without queries, and a worker's address is its response's: the search worker,
  // started as worker.js?lang=…&index=…, gets a fresh response that keeps the address it was asked by.
  const cached = await caches.match(request, { cacheName: CACHE, ignoreSearch: true })
  if (cached) return new URL(request.url).search ? new Response(cached.body, cached) : cached
  try {
    return await fetch(request)
  } catch (error) {
    // Offline, a picture at the other density (the screen changed) beats none.
    const picture = PICTURE.exec(request.url)
    const other = picture && request.url.replace(/(@2x)?\.webp$/, picture[1] ? ".webp" : "@2x.webp")
    return (other && (await caches.match(other, { cacheName: CACHE }))) || Response.error()
  }
}

self.addEventListener("fetch", event => {
  const { request } = event
  const url = new URL(request.url)
  if (request.method !== "GET" || url.origin !== self.location.origin || SPEED_TEST.test(url.pathname)
      || url.pathname === NOTICE) return
  event.respondWith(request.mode === "navigate" ? fromNetworkFirst(request) : fromCacheFirst(request))
})
