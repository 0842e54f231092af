"""Write docs/records/schemas/*.json from the pydantic models and put the editor line atop every content file.

    python scripts/write_schemas.py        (or: make schemas)
"""

from __future__ import annotations

from helpsite.content.json_schemas import FOLDER, MODELINE, generate, modeline, schema_of
from helpsite.paths import RECORDS


def main() -> None:
    (RECORDS / FOLDER).mkdir(exist_ok=True)
    for name, text in generate().items():
        (RECORDS / FOLDER / name).write_text(text, encoding="utf-8")
    for path in sorted(RECORDS.rglob("*.yml")):
        relative = path.relative_to(RECORDS).as_posix()
        if schema_of(relative) is None:
            continue
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        wanted = modeline(relative) + "\n"
        if lines and lines[0].startswith(MODELINE):
            lines[0] = wanted
        else:
            lines.insert(0, wanted)
        path.write_text("".join(lines), encoding="utf-8")
    print(f"{RECORDS / FOLDER}: {len(generate())} schemas; editor line on every content file")


if __name__ == "__main__":
    main()
