"""The camera picture the site's screenshots show: a neutral figure at a desk, written for Chromium's file camera.

Chromium's fake camera (`--use-fake-device-for-media-stream`) shows a green test card with a running clock
and is named `fake_device_0`: test props a candidate would read as part of the screen. Every screen the site
publishes is taken instead with `--use-file-for-fake-video-capture=` this clip (YUV 4:2:0, Y4M): a plain
head-and-shoulders figure before a wall, swaying a little, so the site's own camera check sees a live
picture (neither black nor frozen) and Chrome's preview shows a calm one.

Chromium names a file camera by the path it was given: pass `CLIP_NAME` relative to the browser's working
folder, and the one name on the screen is `CLIP_NAME`, which the pictures cover with "your camera's name".
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

CLIP_NAME = "camera.y4m"
SIZE = (640, 480)  # Chromium's fake camera's size: the check reports it, so its screenshot reads as before
FRAMES = 12
FPS = 6  # a two-second loop
SWAY = 14  # pixels the figure leans to each side
WALL_TOP, WALL_BOTTOM = (222, 218, 208), (196, 191, 181)
DESK = (150, 128, 104)
FIGURE, FACE = (88, 106, 128), (150, 162, 176)


def frame(index: int) -> Image.Image:
    """Frame `index` of the loop: the wall, the desk and the figure leaning by a sine of the loop's phase."""
    width, height = SIZE
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        share = y / (height - 1)
        draw.line((0, y, width, y), fill=tuple(round(a + (b - a) * share) for a, b in zip(WALL_TOP, WALL_BOTTOM)))
    lean = round(SWAY * math.sin(2 * math.pi * index / FRAMES))
    centre = width // 2 + lean
    draw.rounded_rectangle((centre - 170, 330, centre + 170, height + 60), radius=110, fill=FIGURE)  # shoulders
    draw.rectangle((centre - 34, 280, centre + 34, 350), fill=FACE)  # neck
    draw.ellipse((centre + lean // 2 - 78, 120, centre + lean // 2 + 78, 310), fill=FACE)  # head, leaning further
    draw.rectangle((0, 440, width, height), fill=DESK)
    return image


def write_clip(folder: Path) -> Path:
    """The clip as `folder`/CLIP_NAME (about 5 MB, written in a fraction of a second)."""
    width, height = SIZE
    path = folder / CLIP_NAME
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{FPS}:1 Ip A1:1 C420jpeg\n".encode())
        for index in range(FRAMES):
            luma, blue, red = frame(index).convert("YCbCr").split()
            half = (width // 2, height // 2)
            out.write(b"FRAME\n" + luma.tobytes() + blue.resize(half).tobytes() + red.resize(half).tobytes())
    return path
