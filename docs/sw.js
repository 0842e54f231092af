// Offline help: after a first visit, the candidate's language version of the
// site stays readable without a connection. Registered by links.js as
// sw.js?lang=<kk|ru>&v=<build>, so a new build is a new worker: it caches the
// new files, then deletes the old caches. Never touches the speed test, the
// upload test or other hosts. Switched off with `extra.offline: false`.
const params = new URL(self.location.href).searchParams
const language = params.get("lang")
const CACHE = `help-${language}-${params.get("v")}`
const HOME = new URL(language === "kk" ? "./" : `./${language}/`, self.location.href).href
const NEVER = /\/assets\/speed-test\.bin$|\/speed-test\/upload$/

self.addEventListener("install", event => {
  event.waitUntil((async () => {
    const manifest = await fetch(new URL(`offline/${language}.json`, self.location.href), { cache: "no-cache" })
    const urls = await manifest.json()
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
  return cached ?? fetch(request)
}

self.addEventListener("fetch", event => {
  const { request } = event
  const url = new URL(request.url)
  if (request.method !== "GET" || url.origin !== self.location.origin || NEVER.test(url.pathname)) return
  event.respondWith(request.mode === "navigate" ? fromNetworkFirst(request) : fromCacheFirst(request))
})
