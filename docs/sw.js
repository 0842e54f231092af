// Offline help: after a first visit, the candidate's language version of the
// site stays readable without a connection. Registered by links.js as
// sw.js?lang=<kk|ru>&v=<build>&x=<1|2>, so a new build is a new worker: it
// caches the new files, then deletes the old caches. Pictures are kept at the
// screen's density only (x), which keeps the offline copy a third of the size.
// Never touches the speed test, the upload test or other hosts. Switched off
// with `extra.offline: false`.
const params = new URL(self.location.href).searchParams
const language = params.get("lang")
const CACHE = `help-${language}-${params.get("v")}`
const LARGE_PICTURES = params.get("x") === "2"
const PICTURE = /assets\/pictures\/.*?(@2x)?\.webp$/
const HOME = new URL(language === "kk" ? "./" : `./${language}/`, self.location.href).href
const NEVER = /\/assets\/speed-test\.bin$|\/speed-test\/upload$/

self.addEventListener("install", event => {
  event.waitUntil((async () => {
    const manifest = await fetch(new URL(`offline/${language}.json`, self.location.href), { cache: "no-cache" })
    const urls = (await manifest.json()).filter(url => {
      const picture = PICTURE.exec(url)
      return !picture || Boolean(picture[1]) === LARGE_PICTURES
    })
    const cache = await caches.open(CACHE)
    // Revalidate rather than trust the HTTP cache: the files must be this build's.
    await cache.addAll(urls.map(url => new Request(new URL(url, self.location.href), { cache: "no-cache" })))
    await self.skipWaiting()
  })())
})

self.addEventListener("activate", event => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith("help-") && name !== CACHE) await caches.delete(name)
    await self.clients.claim()
  })())
})

async function fromNetworkFirst(request) {
  const cache = await caches.open(CACHE)
  try {
    const response = await fetch(request)
    if (response.ok) cache.put(request, response.clone())
    return response
  } catch (error) {
    return (await cache.match(request, { ignoreSearch: true })) ?? (await cache.match(HOME)) ?? Response.error()
  }
}

async function fromCacheFirst(request) {
  const cached = await caches.match(request, { cacheName: CACHE })
  if (cached) return cached
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
  if (request.method !== "GET" || url.origin !== self.location.origin || NEVER.test(url.pathname)) return
  event.respondWith(request.mode === "navigate" ? fromNetworkFirst(request) : fromCacheFirst(request))
})
