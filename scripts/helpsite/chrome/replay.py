"""Replay the guide's Chrome steps in the installed Chromium, on a virtual screen, reading the screen as a candidate would.

    python scripts/chrome_replay.py [--lang ru] [--pictures] [--record] [FLOW ...]      (or: make chrome-replay)

Each flow of docs/records/_chrome_flows.yml starts a fresh Chromium (a new
profile: nothing allowed yet) under Xvfb, in each interface language whose
locale pack is installed (on Linux the language comes from LANGUAGE), on a
local HTTPS page shown as the proctoring host (`--host-resolver-rules`), with
two fake cameras (or, for pictures of the camera, one showing a neutral figure:
`cameras: one-neutral`) and two microphones (PulseAudio sources) but Chrome's real
prompts, panels and picker. Every label an action names is looked for on the
screen with Tesseract OCR and, for `press`, clicked with xdotool. A label not
on the screen stops the run with one line: page, step, label, and the
screenshot taken at that moment.

--pictures writes the Chrome pictures' sources (docs/records/pictures/sources/)
from the screens of the languages the sites show; --record writes the run's
outcome to docs/records/_chrome_replay.yml (make labels shows it). Both only
after every flow passed: a failed run changes no tracked file.
"""

from __future__ import annotations

import argparse
import base64
import concurrent.futures
import csv
import datetime
import hashlib
import http.server
import io
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFont, ImageGrab, ImageOps
from PIL.PngImagePlugin import PngInfo

from helpsite.chrome.flows import FLOWS_FILE, Flow, Word, find_in, quoted_by_step, shared_steps_as_written
from helpsite.chrome.packs import installed_version
from helpsite.labels.catalogue import Label
from helpsite.content.load import Reader, RecordErrors, load_site
from helpsite.pictures import CHROMIUM_MARK, SCALE, TARGETS_MARK, PictureSpec
from helpsite.pictures.camera_clip import CLIP_NAME, write_clip
from playwright.sync_api import Error as PlaywrightError

import helpsite
from helpsite.paths import RECORDS
from helpsite.audit.chromium import CHROMIUM
RUN_FILE = "_chrome_replay.yml"
WINDOW = (1000, 900)  # CSS pixels; the screen is the window, at SCALE device pixels per CSS pixel
PACKAGES = "xvfb xdotool tesseract-ocr tesseract-ocr-rus pulseaudio chromium chromium-l10n"
OCR_LANGUAGES = {"ru": "rus+eng", "en": "eng"}
# How the screen is shown to Tesseract (image, page layout, binarisation), in pairs, the next pair only
# while a label is missing. No one reading finds every label: page layout 3 (blocks of text) on the
# screen and its negative (light words on blue), then Sauvola's local threshold (a white word on a
# blue button) and half the size (a focused button's ring), then a fixed threshold and layout 11
# (sparse words), measured on Chromium 156's prompt, panels, picker and infobar.
READINGS = [("gray", "3", "0"), ("inverted", "3", "0"), ("gray", "3", "2"), ("half", "3", "0"),
            ("threshold", "3", "0"), ("gray", "11", "0")]
SITE_INFORMATION = (138, 62)  # CSS pixels: the centre of the icon left of the address (when no chip shows)
TOOLBAR = 90  # CSS pixels: the tab strip and the address bar above the page
WAIT = 30  # seconds a label may take to appear: generous, since a busy machine only makes it slower
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
PAGE = b"""<!doctype html><html><head><meta charset="utf-8"><title>OES</title><style>
body { margin: 0; background: #f4f5f7 } button { position: fixed; top: 40%; width: 40px; height: 40px; opacity: 0 }
</style></head><body><button id="camera-and-microphone" style="left: 60%"></button><button id="screen" style="left: 70%"></button>
<script>
const report = promise => promise.then(stream => { window.stream = stream; document.body.dataset.state = "granted" },
                                       error => { document.body.dataset.state = error.name })
document.getElementById("camera-and-microphone").onclick = () =>
  report(navigator.mediaDevices.getUserMedia({ video: true, audio: true }))
document.getElementById("screen").onclick = () => report(navigator.mediaDevices.getDisplayMedia({ video: true }))
</script></body></html>"""


class ReplayFailure(Exception):
    """One line: what was not on the screen, where the guide says it is, and the screenshot."""


def need(command: str) -> None:
    if not shutil.which(command):
        raise ReplayFailure(f"{command} is missing: install {PACKAGES} (apt-get install …; make chrome-replay does it as root)")


@contextmanager
def virtual_screen(width: int, height: int):
    """An Xvfb display of the given size in device pixels; yields its name (":N")."""
    need("Xvfb")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise ReplayFailure("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait()


@contextmanager
def microphones(folder: Path, count: int):
    """A PulseAudio server with `count` microphones (sources fed by a silent sink); yields its runtime folder."""
    need("pulseaudio")
    runtime = folder / "pulse"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "HOME": str(folder)}
    modules = ["module-native-protocol-unix", "module-null-sink sink_name=room"]
    modules += [f"module-remap-source master=room.monitor source_name=microphone{index} "
                f"source_properties=device.description=Microphone-{index}" for index in range(1, count + 1)]
    subprocess.run(["pulseaudio", "--daemonize=yes", "--exit-idle-time=-1", "-n", "--disable-shm=yes",
                    *[f"--load={module}" for module in modules]], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield runtime
    finally:
        subprocess.run(["pulseaudio", "--kill"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@contextmanager
def proctoring_host(folder: Path, host: str):
    """An HTTPS server on loopback for `host`, with a throwaway certificate; yields (port, its key's SPKI hash)."""
    need("openssl")
    key, certificate = folder / "key.pem", folder / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={host}",
                    "-addext", f"subjectAltName=DNS:{host}", "-keyout", str(key), "-out", str(certificate)],
                   check=True, capture_output=True)
    der = subprocess.run(["openssl", "x509", "-in", str(certificate), "-pubkey", "-noout"], check=True, capture_output=True).stdout
    spki = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=der, check=True, capture_output=True).stdout
    digest = base64.b64encode(hashlib.sha256(spki).digest()).decode()

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], digest
    finally:
        server.shutdown()


@dataclass
class Screen:
    display: str
    ocr_languages: str
    scratch: Path

    def grab(self) -> Image.Image:
        return ImageGrab.grab(xdisplay=self.display).convert("RGB")

    def read(self, image: Image.Image, stage: int = 0) -> list[list[Word]]:
        """Two readings of the screen by Tesseract, the `stage`-th pair of READINGS; [] past the last."""
        pairs = READINGS[stage * 2:stage * 2 + 2]
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            return list(pool.map(lambda reading: self._tesseract(image, *reading), pairs))

    def _tesseract(self, image: Image.Image, look: str, layout: str, binarisation: str) -> list[Word]:
        gray = image.convert("L")
        shown = {"gray": gray, "inverted": ImageOps.invert(gray), "threshold": gray.point(lambda value: 255 * (value > 150)),
                 "half": gray.resize((gray.width // 2, gray.height // 2), Image.LANCZOS)}[look]
        scale = 2 if look == "half" else 1
        result = subprocess.run(["tesseract", "-", "-", "-l", self.ocr_languages, "--psm", layout,
                                 "-c", f"thresholding_method={binarisation}", "tsv"],
                                input=_png(shown), capture_output=True, check=True,
                                # Two readings run side by side: Tesseract's own threads would only contend (measured:
                                # a flow 52 s with them, 31 s without).
                                env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        rows = csv.DictReader(io.StringIO(result.stdout.decode("utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Word(row["text"], tuple(int(row[key]) * scale for key in ("left", "top", "width", "height")))
                for row in rows if row["level"] == "5" and (row["text"] or "").strip()]

    def xdotool(self, *arguments: str) -> None:
        subprocess.run(["xdotool", *arguments], env={**os.environ, "DISPLAY": self.display}, check=True)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


class Replay:
    """One flow in one interface language: a fresh Chromium, its actions, the pictures it took."""

    def __init__(self, screen: Screen, name: str, flow: Flow, lang: str, labels: dict[str, Label], where: dict[str, str],
                 host: str, port: int, spki: str, playwright, keep_pictures: bool) -> None:
        self.screen, self.name, self.flow, self.lang = screen, name, flow, lang
        self.keep_pictures = keep_pictures
        self.labels, self.where, self.host = labels, where, host
        self.pictures: dict[str, tuple[Image.Image, dict]] = {}
        profile = Path(tempfile.mkdtemp(dir=screen.scratch))
        self.audio = microphones(profile, flow.microphones)
        pulse = self.audio.__enter__()
        if flow.cameras == "one-neutral":  # given relative to the browser's folder (one clip a run), its name is CLIP_NAME
            if not (screen.scratch / CLIP_NAME).exists():
                write_clip(screen.scratch)
            cameras = ["--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={CLIP_NAME}"]
        else:
            cameras = ["--use-fake-device-for-media-stream=device-count=2"]
        width, height = WINDOW
        self.process = subprocess.Popen([
            CHROMIUM, f"--lang={'en-US' if lang == 'en' else lang}", "--no-sandbox", "--test-type",
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-features=Translate",
            *cameras, f"--host-resolver-rules=MAP {host}:443 127.0.0.1:{port}",
            f"--ignore-certificate-errors-spki-list={spki}", f"--user-data-dir={profile}",
            f"--window-size={width},{height}", "--window-position=0,0", f"--force-device-scale-factor={SCALE}",
            "--remote-debugging-port=0", f"https://{host}/"],
            env={**os.environ, "DISPLAY": screen.display, "LANGUAGE": lang, "XDG_RUNTIME_DIR": str(pulse),
                 "HOME": str(profile)},
            cwd=screen.scratch, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + WAIT
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise ReplayFailure(f"{name} ({lang}): Chromium did not start")
            time.sleep(0.2)
        self.browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port_file.read_text().split()[0]}")
        self.page = self.browser.contexts[0].pages[0]
        self.page.wait_for_load_state()

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.audio.__exit__(None, None, None)

    def text(self, label_id: str) -> str:
        """The label as this Chromium build draws it (Chromium's own name where Google Chrome says Chrome)."""
        label = self.labels[label_id]
        return label.branded.get(self.lang, label.texts[self.lang])

    def look(self, label_ids: list[str], alone: bool = False) -> dict[str, list[tuple]]:
        """Wait until every label is on the screen; their boxes (device pixels), or a failure naming the first missing.

        `alone`: where the label is all its line says (what is pressed), not a word of a sentence.
        """
        deadline = time.monotonic() + WAIT
        while True:
            image = self.screen.grab()
            words = self.screen.read(image)
            # Two labels with one text (a tab and a caption both «Весь экран») need two places.
            same = {label_id: sum(self.text(other) == self.text(label_id) for other in label_ids) for label_id in label_ids}
            for stage in range(1, len(READINGS) // 2 + 1):
                boxes = {label_id: find_in(words, self.text(label_id), alone) for label_id in label_ids}
                missing = [label_id for label_id, found in boxes.items() if len(found) < same[label_id]]
                if not missing or stage == len(READINGS) // 2:
                    break
                words += self.screen.read(image, stage)
            if not missing:
                return boxes
            if time.monotonic() > deadline:
                shot = self.screen.scratch / f"{self.name}-{self.lang}-{missing[0]}.png"
                image.save(shot)
                label = missing[0]
                raise ReplayFailure(f"{self.where.get(label, 'flow ' + self.name)}: «{self.text(label)}» ({label}) "
                                    f"not on the screen in Chromium ({self.lang}); screenshot: {shot}")
            time.sleep(0.5)

    def run(self) -> int:
        for action in self.flow.actions:
            if action.ask:
                self.page.click(f"#{action.ask}")
            elif action.see:
                self.look(action.see)
            elif action.press:
                self.click(self.look([action.press], alone=True)[action.press][-1])  # several places: the lowest
            elif action.toggle:
                box = self.look([action.toggle], alone=True)[action.toggle][0]
                self.click(switch_beside(self.screen.grab(), box))
            elif action.open:
                box = self.look([action.open], alone=True)[action.open][0]
                self.click(beside(self.screen.grab(), box)[-1])
            elif action.hover or action.click:
                box = self.spot(action.hover or action.click, self.screen.grab(), [])
                x, y = box[0] + box[2] // 2, box[1] + box[3] // 2
                self.screen.xdotool("mousemove", str(x + 60 * SCALE), str(y + 60 * SCALE))  # arrive, as a hand would
                time.sleep(0.3)
                self.screen.xdotool("mousemove", str(x), str(y), *(("click", "1") if action.click else ()))
                time.sleep(1.5 if action.hover else 1)  # a tooltip shows after a pause; views animate in
            elif action.reload:
                self.page.reload()
                self.page.wait_for_load_state()
            elif action.key:
                self.screen.xdotool("key", action.key)
                time.sleep(1)
            elif action.wait:
                self.gone(self.flow_chip())
            elif action.expect:
                try:
                    self.page.wait_for_function("state => document.body.dataset.state === state", arg=action.expect,
                                                timeout=WAIT * 1000)
                except PlaywrightError:
                    state = self.page.evaluate("document.body.dataset.state || 'no answer yet'")
                    raise ReplayFailure(f"flow {self.name} ({self.lang}): the page's request got {state}, "
                                        f"not {action.expect}") from None
            elif action.picture:
                self.take(action.picture)
        return len(self.flow.actions)

    def click(self, box) -> None:
        self.screen.xdotool("mousemove", str(box[0] + box[2] // 2), str(box[1] + box[3] // 2), "click", "1")
        time.sleep(1)  # Chrome's views animate in

    def flow_chip(self) -> str:
        """The chip label the flow last saw: what `wait: chip` waits to fold away."""
        seen = [label for action in self.flow.actions if action.see for label in action.see if label.startswith("chrome.chip-")]
        return seen[-1]

    def gone(self, label_id: str) -> None:
        deadline = time.monotonic() + WAIT * 2
        while find_in(self.screen.read(self.screen.grab()), self.text(label_id)):
            if time.monotonic() > deadline:
                raise ReplayFailure(f"flow {self.name}: «{self.text(label_id)}» ({label_id}) did not fold away")
            time.sleep(1)

    def spot(self, name: str, image: Image.Image, words: list[list[Word]]) -> tuple[int, int, int, int]:
        """A place without words, in device pixels, from where Chrome draws it beside its labels."""
        if name == "site-information-icon":
            x, y = SITE_INFORMATION
            return ((x - 12) * SCALE, (y - 12) * SCALE, 24 * SCALE, 24 * SCALE)
        if name == "screen-thumbnail":  # the picture above the screen's name (the lowest «Entire screen»)
            x, y, width, _ = self.look(["chrome.screen-name", "chrome.entire-screen"])["chrome.screen-name"][-1]
            centre = x + width // 2
            return (centre - 125 * SCALE, y - 193 * SCALE, 250 * SCALE, 156 * SCALE)
        if name == "device-list":  # the list under the settings page's heading (not the tab's title above the toolbar)
            headings = [box for box in find_in(words, self.text("chrome.camera")) if box[1] > TOOLBAR * SCALE]
            x, y, _, _ = headings[0]
            return (x - 32 * SCALE, y + 50 * SCALE, 200 * SCALE, 35 * SCALE)
        if name == "camera-name":  # the file camera's name, where the candidate's camera's name stands
            found = find_in(words, CLIP_NAME)
            if not found:
                raise ReplayFailure(f"flow {self.name} ({self.lang}): the camera's name «{CLIP_NAME}» is not on the screen")
            return found[0]
        label = "chrome.microphone" if name.startswith("microphone") else "chrome.camera"
        row = find_in(words, self.text(label), alone=True)[0]
        return beside(image, row)[-1] if name.endswith("-arrow") else switch_beside(image, row)

    def take(self, shot) -> None:
        """Crop the screen around the labels, draw Chrome's name where Chromium's stands, keep the labels' boxes."""
        boxes = self.look(shot.around, alone=True)
        if not self.keep_pictures:
            return
        image = self.screen.grab()
        readings = [words for stage in range(len(READINGS) // 2) for words in self.screen.read(image, stage)]
        spots = {name: self.spot(name, image, readings) for name in shot.spots}
        left, top, right, bottom = _bounds([found[-1] for found in boxes.values()] + list(spots.values()))
        pad = [value * SCALE for value in shot.pad]
        crop = (max(0, left - pad[0]), max(0, top - pad[1]), min(image.width, right + pad[2]), min(image.height, bottom + pad[3]))
        picture = image.crop(crop)
        targets = {}
        named = list(dict.fromkeys(shot.around + [label for action in self.flow.actions for label in action.labels()]))
        for label_id in named:
            text = self.text(label_id)
            inside = [box for box in find_in(readings, text, alone=True) or find_in(readings, text) if _within(box, crop)]
            # Labels of one text (the tab and the caption «Весь экран») take its places top to bottom, in the flow's order.
            twins = [other for other in named if self.text(other) == text]
            if len(inside) < len(twins):
                continue
            x, y, width, height = inside[twins.index(label_id) - len(twins)]
            box = (x - crop[0], y - crop[1], width, height)
            if self.lang in self.labels[label_id].branded:
                _draw_over(picture, box, self.labels[label_id].texts[self.lang])
            targets[label_id.split(".", 1)[1]] = [round(value / SCALE) for value in box]
        for name, (x, y, width, height) in spots.items():
            targets[name] = [round(value / SCALE) for value in (x - crop[0], y - crop[1], width, height)]
        self.pictures[shot.id] = (picture, targets)


def _bounds(boxes) -> tuple[int, int, int, int]:
    return (min(box[0] for box in boxes), min(box[1] for box in boxes),
            max(box[0] + box[2] for box in boxes), max(box[1] + box[3] for box in boxes))


def _within(box, crop) -> bool:
    return crop[0] <= box[0] and crop[1] <= box[1] and box[0] + box[2] <= crop[2] and box[1] + box[3] <= crop[3]


def beside(image: Image.Image, box) -> list[tuple[int, int, int, int]]:
    """What Chrome draws to the right of a label on its row (a switch, then the › of a sub-panel), left to right."""
    x, y, width, height = box
    middle = y + height // 2
    background = image.getpixel((x + width + 4 * SCALE, middle))
    things, start, gap = [], None, 0
    for left in range(x + width + 8 * SCALE, min(image.width, x + width + 300 * SCALE)):
        differs = sum(abs(a - b) for a, b in zip(image.getpixel((left, middle)), background)) > 120
        if differs:
            start, gap = left if start is None else start, 0
        elif start is not None:
            gap += 1
            if gap > 6 * SCALE:  # a switch's knob leaves small gaps; things are further apart
                things.append((start, middle - 10 * SCALE, left - gap - start + 1, 20 * SCALE))
                start, gap = None, 0
    if not things:
        raise ReplayFailure(f"nothing to the right of the label at {box}")
    return things


def switch_beside(image: Image.Image, box) -> tuple[int, int, int, int]:
    """The switch on a label's row, at its drawn size (36 x 20 CSS pixels)."""
    x, y, _, _ = beside(image, box)[0]
    return (x, y, 36 * SCALE, 20 * SCALE)


def _draw_over(image: Image.Image, box, text: str) -> None:
    """Paint `text` over the words in `box`, in their colours: Google Chrome's word where Chromium's build shows its own."""
    x, y, width, height = box
    region = image.crop((x - 2, y - 2, x + width + 2, y + height + 2))
    colours = sorted(region.getcolors(1 << 16) or [], reverse=True)
    background = colours[0][1]
    ink = max((colour for _, colour in colours), key=lambda colour: sum(abs(a - b) for a, b in zip(colour, background)))
    draw = ImageDraw.Draw(image)
    draw.rectangle((x - 2, y - 2, x + width + 2, y + height + 2), fill=background)
    font = ImageFont.truetype(FONT, round(height * 1.05))
    written = draw.textbbox((0, 0), text, font=font)
    centre = x + width / 2
    draw.text((centre - (written[2] - written[0]) / 2, y - written[1]), text, font=font, fill=ink)


def step_of_labels(flow: Flow, site, shared: dict) -> dict[str, str]:
    """For each label of a flow, the page step that quotes it: what a failure names."""
    where = {}
    for place in flow.covers:
        page, _, step = place.partition("#")
        quoted = quoted_by_step(site.pages[page], shared).get(step, set())
        for label in quoted:
            where.setdefault(label, f"page {page}" + (f", step {step}" if step else ""))
    return where


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("flows", nargs="*", help="flow names, or ids of the pictures they take (default: every flow)")
    parser.add_argument("--lang", action="append", help="interface languages (default: every one Chromium ships here)")
    parser.add_argument("--pictures", action="store_true", help="write the Chrome pictures' sources")
    parser.add_argument("--record", action="store_true", help=f"write the outcome to docs/records/{RUN_FILE}")
    parser.add_argument("--records", type=Path, default=RECORDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    records = args.records
    try:
        site = load_site(records)
    except RecordErrors as error:
        print(error, file=sys.stderr)
        return 1
    flows = site.chrome_flows.flows
    taking = {action.picture.id: name for name, flow in flows.items() for action in flow.actions if action.picture}
    asked = {taking.get(name, name) for name in args.flows if name in flows or name in taking}
    if args.flows and not asked:
        if args.pictures:  # make pictures PICTURES="…" naming only other pictures: nothing of Chrome's to take
            print(f"chrome_replay: no Chrome picture among {', '.join(args.flows)}")
            return 0
        print(f"chrome_replay: no flow or Chrome picture {', '.join(args.flows)} in {FLOWS_FILE}", file=sys.stderr)
        return 2
    chosen = {name: flow for name, flow in flows.items() if not asked or name in asked}
    languages = args.lang or [lang for lang in site.labels.products["chrome"].languages if lang in OCR_LANGUAGES]
    version = installed_version()
    host = urllib.parse.urlsplit(helpsite.settings().site.proctoring.server).hostname
    reader = Reader(records, site.labels)
    shared = shared_steps_as_written(records)
    specs = [reader.read(path, PictureSpec) for path in sorted((records / "pictures").glob("*.yml"))]
    wanted = {spec.id: spec.replay.shows for spec in specs if spec and spec.replay}
    def wanted_lang(lang: str) -> bool:
        return lang in wanted.values()

    started = time.monotonic()
    passed: dict[str, int] = {}
    pictures: dict[str, tuple] = {}
    try:
        for command in ("xdotool", "tesseract"):
            need(command)
        from playwright.sync_api import sync_playwright

        with ExitStack() as stack:
            scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="chrome-replay-")))
            display = stack.enter_context(virtual_screen(WINDOW[0] * SCALE, WINDOW[1] * SCALE))
            port, spki = stack.enter_context(proctoring_host(scratch, host))
            playwright = stack.enter_context(sync_playwright())
            failures = Path(tempfile.mkdtemp(prefix="chrome-replay-screens-"))
            for lang in languages:
                screen = Screen(display, OCR_LANGUAGES[lang], failures)
                for name, flow in chosen.items():
                    replay = Replay(screen, name, flow, lang, site.labels.labels, step_of_labels(flow, site, shared),
                                    host, port, spki, playwright, args.pictures and wanted_lang(lang))
                    try:
                        passed[f"{name} ({lang})"] = replay.run()
                    finally:
                        replay.close()
                    pictures.update({picture_id: (*shot, lang) for picture_id, shot in replay.pictures.items()
                                     if wanted.get(picture_id) == lang})
                    print(f"{name} ({lang}): {len(flow.actions)} actions passed", flush=True)
            shutil.rmtree(failures)
    except ReplayFailure as failure:
        print(f"chrome_replay: {failure}", file=sys.stderr)
        return 1
    seconds = time.monotonic() - started
    if args.pictures:
        for picture_id, (image, targets, lang) in sorted(pictures.items()):
            target = records / "pictures" / "sources" / f"{picture_id}.{lang}.png"
            info = PngInfo()
            info.add_text(CHROMIUM_MARK, version)
            info.add_text(TARGETS_MARK, json.dumps(targets))
            image.save(target, pnginfo=info, optimize=True)
            print(f"{target}: taken")
    if args.record:
        record = {"chromium": version, "date": datetime.date.today().isoformat(), "result": "passed",
                  "languages": languages, "flows": {name: len(flow.actions) for name, flow in chosen.items()},
                  "seconds": round(seconds)}
        (records / RUN_FILE).write_text("# The last run of make chrome-replay (scripts/chrome_replay.py); make labels shows it.\n"
                            + yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(f"Chrome replay passed: {len(passed)} flows in Chromium {version} ({', '.join(languages)}), {seconds:.0f} s")
    return 0
