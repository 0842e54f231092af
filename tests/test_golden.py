"""Golden files: a small fixture site rendered to Markdown, compared byte for byte.

`pytest tests/test_golden.py --update` rewrites tests/golden/expected/ from the
current output; review the diff before committing it.
"""

from pathlib import Path

from helpsite.render.generate import navigation, pages_markdown
from helpsite.content.load import load_site

GOLDEN = Path(__file__).parent / "golden"


def test_fixture_site_renders_as_the_golden_files(update_golden):
    produced = pages_markdown(load_site(GOLDEN / "records"))
    expected_dir = GOLDEN / "expected"
    if update_golden:
        for relative, content in produced.items():
            (expected_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / relative).write_text(content, encoding="utf-8")
    expected = {path.relative_to(expected_dir).as_posix(): path.read_text(encoding="utf-8")
                for path in expected_dir.rglob("*.md")}
    assert sorted(produced) == sorted(expected)
    for relative, content in produced.items():
        assert content == expected[relative], relative


def test_navigation_is_per_language_and_ordered():
    site = load_site(GOLDEN / "records")
    assert navigation(site, "kk") == ["index.md", "start.md", {"Қателер": ["errors/sample.md"]}, {"Көмек": ["help/guide.md"]}]
    assert navigation(site, "ru")[2] == {"Ошибки": ["errors/sample.md"]}
