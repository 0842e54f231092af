"""What a person cannot see in a text: one rule for every gate that judges text.

Format and control characters (Unicode categories Cf and Cc: soft hyphen,
zero-width spaces and joiners, bidi marks and overrides, the byte order mark,
C0 and C1 controls) change how a text reads or compares without showing
themselves: `\u202egpj.exe` reads "exe.jpg". Records refuse them (with the
code point and position); the events' normal form removes them.
"""

from __future__ import annotations

import unicodedata

LAYOUT = "\n\t"  # controls a record text may hold: its own line breaks and indentation


def invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cf", "Cc")


def invisible_in(text: str, allowed: str = "") -> list[tuple[int, str]]:
    """(position from 1, character) of each invisible character of `text` but those `allowed`."""
    return [(index, char) for index, char in enumerate(text, 1) if char not in allowed and invisible(char)]


def describe(char: str) -> str:
    """U+202E (RIGHT-TO-LEFT OVERRIDE)"""
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'control character')})"
