"""YAML as records may write it: the safe subset, no key written twice, no anchor or alias."""

from __future__ import annotations

import yaml
from yaml import YAMLError  # noqa: F401  (re-exported: what load_yaml raises)


class RecordLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice instead of keeping the last, and any anchor or alias.

    Records need no `&anchor`/`*alias`; refusing them as they are parsed, before
    anything is expanded, leaves a nested alias bomb or a self-reference nothing to
    grow or loop on.
    """

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(
                None, None, "anchors (&name) and aliases (*name) are not allowed: write the text out", event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}'", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str):
    """The data of one YAML document; yaml.YAMLError (with its mark) on anything a record may not write."""
    return yaml.load(text, Loader=RecordLoader)


def syntax_problem(where: str, error: YAMLError) -> str:
    """One line for a file load_yaml refused: `where:line:column: YAML syntax error: what`."""
    mark = getattr(error, "problem_mark", None)
    place = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
    return f"{where}{place}: YAML syntax error: {getattr(error, 'problem', None) or error}"
