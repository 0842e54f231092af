"""The code's map holds: the package imports without cycles, nothing edits sys.path, the pages' copy of
the events contract is the contract, and the site's settings are typed."""

import ast
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT
from helpsite.config import SettingsError, read_settings
from helpsite.events.contract import browser_contract, characters_module

PACKAGE = ROOT / "scripts" / "helpsite"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_at_load(path: Path) -> set[str]:
    """The helpsite modules `path` imports when it is loaded (module level, not inside functions)."""
    tree, found = ast.parse(path.read_text(encoding="utf-8")), set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("helpsite"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py").exists()
                          else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("helpsite"))
    return found


def import_graph() -> dict[str, set[str]]:
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: {target for target in imports_at_load(path) if target in modules and target != name}
            for name, path in modules.items()}


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of the graph (a package's __init__ importing its parent aside), or []."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return stack[stack.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = "done"
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_the_package_has_no_import_cycle():
    graph = import_graph()
    assert len(graph) > 40 and graph["helpsite.render.page"], "the graph sees the package's imports"
    assert not cycle(graph), " -> ".join(cycle(graph))


def test_the_cycle_finder_finds_one():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_nothing_edits_sys_path():
    edits = [f"{path.relative_to(ROOT)}:{number}" for folder in ("scripts", "tests") for path in (ROOT / folder).rglob("*.py")
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"sys\.path\.(insert|append)|sys\.path\s*=", line)]
    assert not edits, edits


def test_the_pages_copy_of_the_events_contract_is_the_contract():
    fixture = json.loads((ROOT / "tests" / "fixtures" / "browser-contract.json").read_text(encoding="utf-8"))
    assert fixture == json.loads(json.dumps(browser_contract())), "rewrite tests/fixtures/browser-contract.json"


@pytest.mark.parametrize("extra, problem", [
    ("  helpsite:\n    offline: true\n    ofline: false\n    proctoring: {server: https://a.kz, exam_domains: [a.kz], proxy_path: /p}\n",
     "mkdocs.yml: extra.helpsite.ofline: not a setting (did you mean `offline`?)"),
    ("  helpsite:\n    offline: yes please\n    proctoring: {server: https://a.kz, exam_domains: [a.kz], proxy_path: /p}\n",
     "mkdocs.yml: extra.helpsite.offline: Input should be a valid boolean, unable to interpret input"),
    ("  helpsite:\n    proctoring: {server: http://a.kz, exam_domains: [a.kz], proxy_path: /p}\n",
     "mkdocs.yml: extra.helpsite.proctoring.server: Value error, must be an https:// address"),
    ("  helpsite:\n    proctoring: {server: https://a.kz, exam_domain: [a.kz], proxy_path: /p}\n",
     "mkdocs.yml: extra.helpsite.proctoring.exam_domain: not a setting (did you mean `exam_domains`?)"),
    ("  offline: true\n", "mkdocs.yml: extra.offline: not a setting of this site; the site's own go under extra.helpsite"),
])
def test_a_wrong_setting_is_one_line_naming_it(tmp_path, extra, problem):
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    start, end = config.index("\nextra:\n") + len("\nextra:\n"), config.index("\nhooks:")
    (tmp_path / "mkdocs.yml").write_text(config[:start] + extra + config[end:], encoding="utf-8")
    with pytest.raises(SettingsError) as error:
        read_settings(tmp_path / "mkdocs.yml")
    assert str(error.value) == problem


def test_the_projects_settings_read():
    settings = read_settings(ROOT / "mkdocs.yml")
    assert settings.languages == ("kk", "ru") and settings.default_language == "kk"
    assert settings.site.proctoring.exam_domains == ("oes.kz",) and settings.site.offline is True


def test_the_pages_character_tables_are_the_contracts():
    committed = (ROOT / "overrides" / "assets" / "javascripts" / "support" / "characters.js").read_text(encoding="utf-8")
    assert committed == characters_module(), "run `make contract` and commit support/characters.js"
