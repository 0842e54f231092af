"""Annotated pictures: specs in docs/records/pictures/, drawn per language with Pillow.

A spec gives a caption and alt text in every language of the site, the operating system
it shows (if one) and the callouts (numbered badge, box, ellipse, arrow,
blur) in CSS pixels of the picture; records place it in steps. The source of each language is `sources/<id>.<lang>.png`, taken at
twice the size: a screen of the installed Chromium taken by make chrome-replay
(`replay:`, one Russian screen for both sites, marked with the Chromium
version), a capture of an HTML mock-up by scripts/capture_pictures.py
(`mockup:`, marked as an illustration; only for what no real screen here can
show: Windows, macOS, ESET), a screenshot of one of the site's own
device checks after it ran (`screenshot:`), or a real screenshot saved under
the same name. A mock-up or screenshot records a hash of what it was made
from; the build stops on one made from other inputs than today's. Output: WebP at 1x and 2x, named by a hash of everything that
goes into them, so an unchanged picture is not drawn again.

- spec:     what a picture spec may contain; a picture's files, size and targets per language
- validate: read the specs and check them against their sources, the font and the pages showing them
- draw:     the callouts drawn on a source with Pillow
- output:   the WebP files beside the pages, only changed ones drawn
- camera_clip: the neutral camera picture every screen is taken with (no test card, no test device's name)
"""

from helpsite.pictures.draw import draw, missing_glyphs
from helpsite.pictures.output import write_pictures
from helpsite.pictures.spec import (CHROMIUM_MARK, ILLUSTRATION_MARK, INPUTS_MARK, SCALE, SCREENSHOT_MARK, STYLESHEET,
                                    TARGETS_MARK, Picture, PictureSpec)
from helpsite.pictures.validate import load_pictures, source_inputs

__all__ = ["CHROMIUM_MARK", "ILLUSTRATION_MARK", "INPUTS_MARK", "SCALE", "SCREENSHOT_MARK", "STYLESHEET", "TARGETS_MARK",
           "Picture", "PictureSpec", "draw", "load_pictures", "missing_glyphs", "source_inputs", "write_pictures"]
