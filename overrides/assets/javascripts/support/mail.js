/**
 * The e-mail to support, filled when the candidate clicks: the page's address
 * with the chosen `?os=` and the step, browser, system, and the report of the
 * checks run during this visit. Opens the mail client; sends nothing itself.
 */

import { brandName, osName } from "../checks/platform.js"
import { fragment, strings, visit } from "../site.js"
import { REPORT_KEY, mailtoHref } from "./contract.js"

export function openMail(link, chosenOs) {
  const address = link.dataset.address
  const here = new URL(location.pathname, location.href)
  const system = osName(navigator.userAgentData, navigator.userAgent)
  // The tab the candidate chose, else their own system's (decided before the first paint), so the link opens what they see.
  const os = chosenOs() ?? document.documentElement.dataset.os
  if (os) here.search = `?os=${os}`
  // Only a step of this page: an address someone made up (or made long) is not copied into the mail.
  const step = fragment()
  here.hash = step && document.getElementById(step) ? `#${step}` : ""
  const mail = strings.mail
  link.href = mailtoHref({
    address,
    subject: link.dataset.subject,
    intro: mail.intro,
    lines: [`${mail.page}: ${here.href}`, `${mail.browser}: ${brandName(navigator.userAgentData, navigator.userAgent)}`,
            `${mail.os}: ${system}`],
    report: visit.get(REPORT_KEY) ?? "",
    trimmedNote: mail.trimmed,
  })
  location.href = link.href
}
