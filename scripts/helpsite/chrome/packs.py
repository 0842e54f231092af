"""The strings an installed Chromium shows: its locale packs (`<locale>.pak`) and their `.pak.info`.

A data pack (grit's `tools/grit/grit/format/data_pack.py`, format 4 or 5) is
a header, a table of (uint16 resource id, uint32 offset) pairs ending with a
sentinel, an alias table (format 5) and the strings. The `.info` file grit
writes beside it maps each textual id (`IDS_PERMISSION_ALLOW`) to its numeric
id and the `.grd`/`.grdp` file it comes from, so a message is found by name
in every locale. Placeholders are kept as grit writes them: `$1`, `$2`.

A pack that cannot be read raises PakError naming the file, and the offset
where reading stopped.
"""

from __future__ import annotations

import difflib
import struct
from dataclasses import dataclass
from pathlib import Path

from helpsite.audit.chromium import CHROMIUM

LOCALES = Path("/usr/lib/chromium/locales")
INSTALL = "apt-get install chromium chromium-l10n"
_ENCODINGS = {1: "utf-8", 2: "utf-16-le"}  # 0 is binary: a locale pack never is
_GZIP = b"\x1f\x8b"


class PakError(Exception):
    """A locale pack or its .info that cannot be read: one line naming the file (and offset)."""


@dataclass(frozen=True)
class Resource:
    name: str  # IDS_...
    number: int  # the pack's numeric id
    source: str  # the .grd/.grdp it comes from, as grit wrote it ("../../chrome/app/...")


def read_pack(path: Path) -> dict[int, str]:
    """Numeric id -> text of every string in a locale pack (compressed pages it also holds are left out)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PakError(f"{path}: cannot read ({error.strerror}); install it: {INSTALL}") from None

    def unpack(layout: str, offset: int) -> tuple:
        if offset + struct.calcsize(layout) > len(data):
            raise PakError(f"{path}: offset {offset}: the file ends early (corrupt pack; reinstall: {INSTALL})")
        return struct.unpack_from(layout, data, offset)

    (version,) = unpack("<I", 0)
    if version == 4:
        count, encoding = unpack("<IB", 4)
        aliases, header = 0, 9
    elif version == 5:
        encoding, count, aliases = unpack("<BxxxHH", 4)
        header = 12
    else:
        raise PakError(f"{path}: offset 0: format {version}, not a data pack of format 4 or 5 (reinstall: {INSTALL})")
    if encoding not in _ENCODINGS:
        raise PakError(f"{path}: offset 4: encoding {encoding}, not text (reinstall: {INSTALL})")
    entries = [unpack("<HI", header + index * 6) for index in range(count + 1)]
    texts: dict[int, str] = {}
    for (number, start), (_, end) in zip(entries, entries[1:]):
        if not start <= end <= len(data):
            raise PakError(f"{path}: offset {header}: resource {number} points outside the file (corrupt pack)")
        if data[start:start + 2] == _GZIP:
            continue  # a gzipped HTML page (IDS_TERMS_HTML), not an interface string
        try:
            texts[number] = data[start:end].decode(_ENCODINGS[encoding])
        except UnicodeDecodeError:
            raise PakError(f"{path}: offset {start}: resource {number} is not {_ENCODINGS[encoding]} text") from None
    table = header + (count + 1) * 6
    for index in range(aliases):
        number, target = unpack("<HH", table + index * 4)
        if target >= count:
            raise PakError(f"{path}: offset {table + index * 4}: alias {number} names entry {target} of {count}")
        if entries[target][0] in texts:
            texts[number] = texts[entries[target][0]]
    return texts


def read_info(path: Path) -> dict[str, Resource]:
    """IDS name -> resource, from the `.pak.info` grit writes beside a pack."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise PakError(f"{path}: cannot read ({getattr(error, 'strerror', None) or error}); install it: {INSTALL}") from None
    resources = {}
    for number, line in enumerate(lines, 1):
        parts = line.split(",")
        if len(parts) != 3 or not parts[1].isdigit():
            raise PakError(f"{path}:{number}: not `IDS_NAME,number,source` (reinstall: {INSTALL})")
        resources[parts[0]] = Resource(parts[0], int(parts[1]), parts[2])
    return resources


@dataclass
class LocalePack:
    """One locale's strings, found by IDS name."""

    locale: str
    path: Path
    resources: dict[str, Resource]
    texts: dict[int, str]

    @classmethod
    def open(cls, locale: str, folder: Path = LOCALES) -> LocalePack:
        path = folder / f"{locale}.pak"
        return cls(locale, path, read_info(path.with_name(path.name + ".info")), read_pack(path))

    def text(self, name: str) -> str | None:
        resource = self.resources.get(name)
        return None if resource is None else self.texts.get(resource.number)

    def closest(self, english: str) -> str:
        """The text of this pack nearest to `english` (for an error message)."""
        found = difflib.get_close_matches(english, set(self.texts.values()), n=1, cutoff=0)
        return found[0] if found else ""


def installed_version() -> str:
    """The installed Chromium's version (`156.0.8078.108`), or "" when there is none."""
    import subprocess

    try:
        result = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    words = result.stdout.split()
    return words[1] if len(words) > 1 and words[0] == "Chromium" else ""
