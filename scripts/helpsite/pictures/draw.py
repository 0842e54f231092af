"""The callouts (badge, box, ellipse, arrow, blur, cover, label) drawn on a picture's source with Pillow."""

from __future__ import annotations

import functools
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from helpsite.pictures.spec import BADGE_RADIUS, SCALE, Box, Callout, Picture, target_box

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")  # Debian's fonts-dejavu-core: has ә ғ қ ң ө ұ ү һ і
RED = (211, 47, 47)
LABEL_SIZE = 12  # CSS pixels
COVER_SIZE = 11  # a cover stands in for a name in a narrow field (a device list): its words a little smaller


def _label_font(callout: Callout) -> ImageFont.FreeTypeFont:
    return _font((COVER_SIZE if callout.kind == "cover" else LABEL_SIZE) * SCALE)


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


@functools.cache
def _glyph_pixels(char: str) -> bytes:
    canvas = Image.new("L", (64, 64))
    ImageDraw.Draw(canvas).text((8, 8), char, font=_font(40), fill=255)
    return canvas.tobytes()


def missing_glyphs(text: str) -> set[str]:
    """Characters of `text` the font would draw as the empty 'missing glyph' box."""
    notdef = _glyph_pixels("\uffff")
    return {char for char in set(text) if not char.isspace() and _glyph_pixels(char) == notdef}


def draw(picture: Picture, lang: str) -> tuple[bytes, bytes]:
    """The 1x and 2x WebP of one language."""
    with Image.open(picture.source(lang)) as source:
        image = source.convert("RGB")
    pen = ImageDraw.Draw(image)
    s = SCALE
    for callout in picture.callouts(lang):
        if callout.kind == "blur":
            x, y, w, h = (v * s for v in callout.box)
            region = image.crop((x, y, x + w, y + h)).filter(ImageFilter.GaussianBlur(6 * s))
            image.paste(region, (x, y))
        elif callout.kind in ("box", "ellipse"):
            x, y, w, h = (v * s for v in callout.box)
            shape = pen.rounded_rectangle if callout.kind == "box" else pen.ellipse
            kwargs = {"radius": 4 * s} if callout.kind == "box" else {}
            shape((x, y, x + w, y + h), outline=RED, width=3 * s, **kwargs)
        elif callout.kind == "arrow":
            (x1, y1), (x2, y2) = ((v * s for v in p) for p in (callout.start, callout.end))
            pen.line((x1, y1, x2, y2), fill=RED, width=3 * s)
            length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1)
            ux, uy = (x2 - x1) / length, (y2 - y1) / length
            head = 10 * s
            pen.polygon([(x2, y2), (x2 - head * ux + head * 0.6 * uy, y2 - head * uy - head * 0.6 * ux),
                         (x2 - head * ux - head * 0.6 * uy, y2 - head * uy + head * 0.6 * ux)], fill=RED)
        elif callout.kind == "badge":
            circle = badge_box(callout, image.size)
            pen.ellipse(circle, fill=RED, outline="white", width=2 * s)
            pen.text(((circle[0] + circle[2]) // 2, (circle[1] + circle[3]) // 2), str(callout.number), fill="white",
                     font=_font(14 * s), anchor="mm")
        if callout.label:
            _label(pen, callout, callout.label[lang], image.size)
    small = image.resize((image.width // s, image.height // s), Image.LANCZOS)
    return _webp(small), _webp(image)


def badge_box(callout: Callout, size: tuple[int, int]) -> Box:
    """The badge's circle in source pixels; a badge on a control at the edge stays whole inside the picture."""
    radius = BADGE_RADIUS * SCALE
    x = min(max(callout.at[0] * SCALE, radius), size[0] - radius)
    y = min(max(callout.at[1] * SCALE, radius), size[1] - radius)
    return x - radius, y - radius, x + radius, y + radius


def label_box(callout: Callout, text: str, size: tuple[int, int]) -> tuple[Box, tuple[int, int]]:
    """Where a label goes, in source pixels: beside a point (badge, arrow head) or on the chosen side of a box,
    kept inside the picture; and where its text is written (anchor "lt"), in the middle of its height."""
    s, margin = SCALE, 4 * SCALE
    left, top, right, bottom = _label_font(callout).getbbox(text, anchor="lt")
    width, height = right - left + 8 * s, bottom - top + 6 * s
    if callout.kind == "cover":  # over the box, hiding all of it
        bx, by, bw, bh = (v * s for v in callout.box)
        width, height = max(width, bw), max(height, bh)
        x, y = bx, by + (bh - height) // 2
    elif callout.box:
        bx, by, bw, bh = (v * s for v in callout.box)
        x, y = {"below": (bx, by + bh + 4 * s), "above": (bx, by - 4 * s - height),
                "left": (bx - 6 * s - width, by + (bh - height) // 2), "right": (bx + bw + 6 * s, by + (bh - height) // 2)}[callout.side]
        if callout.side == "below" and y + height > size[1] - margin:
            y = by - 4 * s - height
    else:
        px, py = (v * s for v in (callout.at or callout.end))
        x, y = px + 16 * s, py - height // 2
    x = min(max(x, margin), size[0] - margin - width)
    y = min(max(y, margin), size[1] - margin - height)
    return (x, y, x + width, y + height), (x + 4 * s - left, y + (height - (bottom - top)) // 2 - top)


def covered_targets(picture: Picture, lang: str) -> list[tuple[int, str]]:
    """(index, target) of each badge or label that covers the element it points at: a callout sits beside it."""
    targets, s = picture.targets(lang), SCALE
    width, height = picture.size(lang)
    size = (width * s, height * s)
    found = []
    for index, (spec, callout) in enumerate(zip(picture.spec.callouts, picture.callouts(lang))):
        if not spec.target or spec.kind == "cover":  # a cover's place is over its target
            continue
        x, y, w, h = (v * s for v in target_box(targets[spec.target]))
        covers = [badge_box(callout, size)] if callout.kind == "badge" else []
        if callout.label:
            covers.append(label_box(callout, callout.label[lang], size)[0])
        if any(left < x + w and x < right and top < y + h and y < bottom for left, top, right, bottom in covers):
            found.append((index, spec.target))
    return found


def _label(pen: ImageDraw.ImageDraw, callout: Callout, text: str, size: tuple[int, int]) -> None:
    box, origin = label_box(callout, text, size)
    pen.rounded_rectangle(box, radius=3 * SCALE, fill="white", outline=RED, width=SCALE)
    pen.text(origin, text, fill=RED, font=_label_font(callout), anchor="lt")


def _webp(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "WEBP", quality=80, method=6)
    return out.getvalue()
