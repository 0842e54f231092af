// Material's search worker protocol (0 setup, 1 ready, 2 query, 3 result),
// answered by engine.js. Material starts this worker on every page, so it is
// tiny: the engine and the page language's documents are fetched on the first
// query, which Material sends when the candidate opens search.
// The page language and where its documents are come with the worker's address (html_patches.py).
const options = new URL(self.location.href).searchParams
const language = options.get("lang")
let index = null

function loadIndex() {
  index ??= Promise.all([
    import("./engine.js"),
    fetch(new URL(options.get("index"), self.location.href)).then(response => response.json()),
  ]).then(([engine, docs]) => engine.createIndex(docs, language))
  return index
}

addEventListener("message", async ({ data: message }) => {
  if (message.type === 0) {
    postMessage({ type: 1 })
  } else if (message.type === 2 && !message.data.trim()) {
    postMessage({ type: 3, data: { items: [] } }) // Material asks once on load: no download for that
  } else if (message.type === 2) {
    const ready = await loadIndex()
    postMessage({ type: 3, data: ready.search(message.data) })
  }
})
