"""The site's settings, read from mkdocs.yml once and validated: the languages (mkdocs-static-i18n's list,
one source) and the site's own keys under `extra.helpsite`, a typed model, so a misspelled key stops the
build with one line naming it and the closest valid one instead of being ignored."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, Optional

from mkdocs.utils.yaml import yaml_load
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


def did_you_mean(name: str, choices) -> str:
    """` (did you mean `x`?)` for the closest of `choices`, or nothing when none is close."""
    close = difflib.get_close_matches(str(name), [str(choice) for choice in choices], n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


# `extra:` in mkdocs.yml: the site's own settings, and Material's one the site uses (its settings' scope).
EXTRA_KEYS = ("helpsite", "scope")


class SettingsError(ValueError):
    """A problem in mkdocs.yml: one line, naming the file and the key."""


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Proctoring(_Settings):
    server: str = Field(description="the exam site the `server` check tries when the page's address names none")
    exam_domains: tuple[str, ...] = Field(min_length=1, description="domains an address's `?exam=host` may name")
    proxy_path: str = Field(pattern=r"^/[\w/-]+$", description="the path candidates add when the direct address is blocked")

    @field_validator("server")
    @classmethod
    def _https(cls, server: str) -> str:
        if not server.startswith("https://"):
            raise ValueError("must be an https:// address")
        return server


class SiteSettings(_Settings):
    """`extra.helpsite` in mkdocs.yml."""

    offline: bool = Field(True, description="keep the visitor's language readable offline (the service worker)")
    events: bool = Field(True, description="send answers, check outcomes and empty searches to nginx's event log")
    proctoring: Proctoring


class Settings(_Settings):
    languages: tuple[str, ...]
    default_language: str
    site: SiteSettings
    markdown_extensions: tuple[Any, ...] = ()  # as mkdocs.yml lists them: what a record's Markdown renders with


def _problem(config_file: Path, error: ValidationError) -> str:
    # A misspelled key shows as an unknown one and as a missing one: name the unknown one, with the right spelling.
    first = min(error.errors(), key=lambda problem: problem["type"] != "extra_forbidden")
    where = ".".join(str(part) for part in first["loc"])
    if first["type"] == "extra_forbidden":
        model = SiteSettings
        for part in first["loc"][:-1]:
            model = model.model_fields[part].annotation
        return (f"{config_file.name}: extra.helpsite.{where}: not a setting"
                f"{did_you_mean(first['loc'][-1], model.model_fields)}")
    return f"{config_file.name}: extra.helpsite.{where}: {first['msg']}"


def read_settings(config_file: Path) -> Settings:
    """The settings of the site configured by `config_file`; SettingsError (one line) when they are wrong."""
    with open(config_file, encoding="utf-8") as stream:
        config = yaml_load(stream) or {}
    plugins = [plugin["i18n"] for plugin in config.get("plugins", []) if isinstance(plugin, dict) and "i18n" in plugin]
    if not plugins:
        raise SettingsError(f"{config_file.name}: plugins: the i18n plugin (mkdocs-static-i18n) is not configured")
    languages = plugins[0]["languages"]
    default: Optional[str] = next((lang["locale"] for lang in languages if lang.get("default")), None)
    if default is None:
        raise SettingsError(f"{config_file.name}: plugins.i18n.languages: no language is `default: true`")
    extra = config.get("extra") or {}
    unknown = [key for key in extra if key not in EXTRA_KEYS]
    if unknown:
        raise SettingsError(f"{config_file.name}: extra.{unknown[0]}: not a setting of this site"
                            f"{did_you_mean(unknown[0], EXTRA_KEYS)}; the site's own go under extra.helpsite")
    try:
        site = SiteSettings.model_validate(extra.get("helpsite") or {})
    except ValidationError as error:
        raise SettingsError(_problem(config_file, error)) from None
    return Settings(languages=tuple(lang["locale"] for lang in languages), default_language=default, site=site,
                    markdown_extensions=tuple(config.get("markdown_extensions") or ()))
