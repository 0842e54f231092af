"""Debian's Chromium as every test, audit, bench and replay launches it: one path, one set of flags."""

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--ignore-certificate-errors",  # the local nginx uses a throwaway self-signed certificate
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A fake camera and microphone, allowed without Chrome's prompt (benches and the checks' screenshots).
FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


def launch(playwright, extra_flags=(), **options):
    """Playwright's Chromium, always Debian's (never a downloaded browser)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS + list(extra_flags), **options)
