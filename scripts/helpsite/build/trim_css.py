"""Drop the rules of Material's stylesheet that cannot match anything on this site.

A selector is kept unless one of its classes, outside `:is()`, `:not()` and
the like, appears nowhere in the built HTML, in the site's own JavaScript or
among the classes Material's bundle puts on elements at run time (its
`classList` calls and the `class:` of the elements it creates). A rule goes
when all its selectors go. Then custom properties that nothing reads any more
(such as the icons of admonition types the site never uses) are dropped, and
selectors for content tabs beyond the most tabs any page has.
"""

from __future__ import annotations

import re

import tinycss2

CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
WORD = re.compile(r"[\w-]+")
FUNCTIONAL = re.compile(r":(?:is|where|not|has|nth-child|nth-of-type)\(")


RUNTIME_CLASS = re.compile(r'classList\.(?:add|remove|toggle)\("([^"]+)"|class:"([^"]+)"')


HTML_CLASS = re.compile(r'class="([^"]*)"')


def html_classes(pages) -> set[str]:
    return {name for page in pages for value in HTML_CLASS.findall(page) for name in value.split()}


def used_words(texts) -> set[str]:
    """Every word of the given scripts: a class name may sit in any string."""
    words = set()
    for text in texts:
        words.update(WORD.findall(text))
    return words


def runtime_classes(bundle: str) -> set[str]:
    """Classes Material's script sets on elements (names only, not every word in it)."""
    return {name for match in RUNTIME_CLASS.findall(bundle) for value in match for name in value.split()}


def _outside_functions(selector: str) -> tuple[str, list[str]]:
    """The selector without its functional pseudo-classes, and the arguments of its :is() and :where()."""
    out, alternatives, i = [], [], 0
    while i < len(selector):
        match = FUNCTIONAL.match(selector, i)
        if not match:
            out.append(selector[i])
            i += 1
            continue
        depth, start = 1, match.end()
        i = start
        while depth:
            depth += (selector[i] == "(") - (selector[i] == ")")
            i += 1
        if match.group(0) in (":is(", ":where("):
            alternatives.append(selector[start:i - 1])
    return "".join(out), alternatives


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in prelude:
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        depth += (char == "(") - (char == ")")
        current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts]


NTH_TAB = re.compile(r"input:nth-child\((\d+)\)")


def _can_match(selector: str, used: set[str], max_tabs: int) -> bool:
    if any(int(n) > max_tabs for n in NTH_TAB.findall(selector)):
        return False
    outside, alternatives = _outside_functions(selector)
    if not all(name in used for name in CLASS.findall(outside)):
        return False
    # :is(a, b) can match when one of a, b can; :not() and :has() never rule a selector out here.
    return all(any(_can_match(part, used, max_tabs) for part in _split_selectors(group)) for group in alternatives)


def _trim(rules, used: set[str], max_tabs: int) -> list:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split_selectors(tinycss2.serialize(rule.prelude)) if _can_match(s, used, max_tabs)]
            if not selectors:
                continue
            kept.append(",".join(selectors) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content is not None:
            inner = _trim(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), used, max_tabs)
            if inner:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        elif rule.type == "at-rule":
            kept.append(tinycss2.serialize([rule]))
    return kept


VAR = re.compile(r"var\((--[\w-]+)")


def _declaration(node) -> str:
    if node.type != "declaration":
        return tinycss2.serialize([node]).strip().rstrip(";")
    important = "!important" if node.important else ""
    return f"{node.name}:{tinycss2.serialize(node.value).strip()}{important}"


def _without_properties(rules, unread: set[str]) -> list[str]:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            declarations = [d for d in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
                            if not (d.type == "declaration" and d.name in unread)]
            if declarations:
                body = ";".join(_declaration(d) for d in declarations)
                kept.append(tinycss2.serialize(rule.prelude) + "{" + body + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content is not None:
            inner = _without_properties(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), unread)
            if inner:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        else:
            kept.append(tinycss2.serialize([rule]))
    return kept


def _drop_unread_properties(css: str, readers: str) -> str:
    """Remove `--name: value` declarations no var(--name) reads, until none is left."""
    while True:
        read = set(VAR.findall(css)) | set(VAR.findall(readers))
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        declared = {match for match in re.findall(r"(?<=[{;])(--[\w-]+):", css)}
        unread = declared - read
        if not unread:
            return css
        css = "".join(_without_properties(rules, unread))


def trim(css: str, used: set[str], max_tabs: int, readers: str = "") -> str:
    """`readers`: other stylesheets and scripts that may read Material's custom properties."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return _drop_unread_properties("".join(_trim(rules, used, max_tabs)), readers)
