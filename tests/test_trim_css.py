"""Trimming Material's stylesheet: only rules that cannot match go, and what stays still parses."""

import tinycss2

from helpsite.paths import FRONT_END

from helpsite.build.trim_css import html_classes, runtime_classes, trim

CSS = (
    '.used{color:red}.unused{color:blue}.used .unused,.used>.also{margin:0}'
    '.x:is(.used,.unused){top:0}.x:is(.gone,.unused){top:1px}.used:not(.unused){left:0}'
    '.set>input:nth-child(2):checked{a:b}.set>input:nth-child(3):checked{a:c}'
    '@media screen{.unused{x:y}.used{x:z}}'
    ':root{--kept:1px;--dropped:url("data:image/svg+xml;charset=utf-8,<svg>;</svg>");--chain:var(--kept)}'
    '.used{width:var(--chain)}'
)
USED = {"used", "also", "x", "set"}


def test_rules_that_cannot_match_are_dropped_and_the_rest_kept():
    out = trim(CSS, USED, max_tabs=2)
    assert ".used{color:red}" in out and ".unused{color:blue}" not in out
    assert ".used>.also{margin:0}" in out and ".used .unused" not in out
    assert ".x:is(.used,.unused){top:0}" in out and ".x:is(.gone,.unused)" not in out
    assert ".used:not(.unused){left:0}" in out
    assert "nth-child(2)" in out and "nth-child(3)" not in out
    assert "@media screen{.used{x:z}}" in out


def test_custom_properties_nobody_reads_go_even_with_semicolons_inside():
    out = trim(CSS, USED, max_tabs=2)
    assert "--dropped" not in out and "--kept:1px" in out and "--chain:var(--kept)" in out
    rules = tinycss2.parse_stylesheet(out, skip_comments=True, skip_whitespace=True)
    assert all(rule.type != "error" for rule in rules)


def test_classes_come_from_class_attributes_and_the_bundles_class_calls():
    assert html_classes(['<p class="a b">c d</p>']) == {"a", "b"}
    bundle = 'e.classList.toggle("md-dialog--active",x);h("li",{class:"md-search-result__item x"});var y="md-unused"'
    assert runtime_classes(bundle) == {"md-dialog--active", "md-search-result__item", "x"}


def test_the_built_stylesheet_parses_whole_in_the_browser(site_dir, base_url, page):
    stylesheet = next((site_dir / "assets" / "stylesheets").glob("main.*.min.css"))
    expected = len(tinycss2.parse_stylesheet(stylesheet.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True))
    page.goto(base_url + "help/allow-camera-microphone/")
    parsed = page.evaluate("() => document.styleSheets[0].cssRules.length")
    # Chromium skips the odd rule for other browsers (-moz- selectors), never the rest of the sheet.
    assert expected - 4 <= parsed < expected
    own = tinycss2.parse_stylesheet((FRONT_END / "stylesheets" / "site.css").read_text(encoding="utf-8"),
                                    skip_comments=True, skip_whitespace=True)
    own_last = " ".join(tinycss2.serialize(own[-1].prelude).split())
    last = page.evaluate("() => [...document.styleSheets[0].cssRules].at(-1).selectorText")
    assert last == own_last  # the site's own rules come last, merged in
