/**
 * "Open on phone", loaded on the first click on one (links.js): a dialog with
 * the QR code of the step's link and the link as text. The link is the one the
 * step's copy button gives (copy.js: this language, the open OS tab, the step)
 * on the published site (the page's canonical address). Its code was drawn at
 * build time beside the page (qr-<step>[-<os>].svg: QR_FILE in
 * helpsite/render/phone_codes.py) and loads only now, as does the dialog's
 * stylesheet (phone.css). Esc or the close button closes the dialog, and focus
 * goes back to the step's link control. Once loaded, this module handles every
 * later click itself.
 */

import { setMenuOpen, stepOf } from "./copy.js"
import { strings, withPlace } from "./site.js"

// Its stylesheet comes with it, not with the page; the dialog opens once it is in (or failed: unstyled beats none).
const styled = new Promise(resolve => {
  const link = document.createElement("link")
  link.rel = "stylesheet"
  link.href = new URL("../stylesheets/phone.css", import.meta.url).href
  link.onload = link.onerror = resolve
  document.head.append(link)
})

function element(tag, className, text) {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text) node.textContent = text
  return node
}

/** The one dialog, made on first use; its parts are found again by their classes. */
function dialog() {
  let found = document.querySelector("dialog[data-phone-dialog]")
  if (found) return found
  found = element("dialog", "phone-link")
  found.dataset.phoneDialog = ""
  found.setAttribute("aria-labelledby", "__phone-title")
  const title = element("h2", "phone-link__title")
  title.id = "__phone-title"
  const code = element("img", "phone-link__code")
  code.alt = strings.phone.code
  const close = element("form")
  close.method = "dialog"
  close.append(element("button", "phone-link__close", strings.phone.close))
  found.append(title, element("p", "phone-link__step"), element("p", "phone-link__hint", strings.phone.hint), code,
               element("p", "phone-link__address"), close)
  found.addEventListener("close", () => found.returnTo?.focus())
  document.body.append(found)
  return found
}

/** Show the QR code of the step `button` belongs to. */
export async function show(button) {
  await styled
  const { heading, os } = stepOf(button)
  const toggle = button.closest(".copy-links").querySelector(".copy-links__toggle")
  const canonical = document.querySelector("link[rel=canonical]")?.href ?? location.href
  const box = dialog()
  const step = heading.cloneNode(true)
  step.querySelector(".headerlink")?.remove()
  box.querySelector(".phone-link__title").textContent = button.textContent
  box.querySelector(".phone-link__step").textContent = step.textContent.trim()
  box.querySelector(".phone-link__code").src = new URL(`qr-${heading.id}${os ? `-${os}` : ""}.svg`, location.href).href
  box.querySelector(".phone-link__address").textContent = withPlace(new URL(canonical, location.href), os, heading.id)
  setMenuOpen(toggle, false)
  box.returnTo = toggle
  box.showModal()
}

document.addEventListener("click", event => {
  const button = event.target.closest?.("[data-phone]")
  if (button) show(button)
})
