"""Editing safely: schemas for the editor, a new page in one command."""

import json
import re
import shutil
import subprocess
import sys

import jsonschema
import pytest
import yaml

from conftest import RECORDS, ROOT
from helpsite.content.load import RecordErrors, load_site
from helpsite.content.json_schemas import FOLDER, generate, modeline, schema_of


def content_files():
    return [(path, path.relative_to(RECORDS).as_posix()) for path in sorted(RECORDS.rglob("*.yml"))
            if schema_of(path.relative_to(RECORDS).as_posix())]


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((RECORDS / FOLDER / f"{name}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schemas_are_what_the_models_generate():
    generated = generate()
    committed = {path.name: path.read_text(encoding="utf-8") for path in (RECORDS / FOLDER).glob("*.json")}
    assert committed == generated, "run `make schemas` and commit docs/records/schemas/"


def test_every_content_file_names_its_schema_and_validates_against_it():
    files = content_files()
    assert len(files) >= 35
    for path, relative in files:
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[0] == modeline(relative), relative
        target = (path.parent / text.splitlines()[0].split("$schema=")[1]).resolve()
        assert target == (RECORDS / FOLDER / f"{schema_of(relative)}.json").resolve()
        errors = [error.message for error in validator(schema_of(relative)).iter_errors(yaml.safe_load(text))]
        assert not errors, f"{relative}: {errors}"


CAMERA = RECORDS / "errors" / "camera.yml"


@pytest.mark.parametrize("change, expected", [
    (lambda r: r.update(titel=r.pop("title")), "Additional properties are not allowed ('titel' was unexpected)"),
    (lambda r: r["summary"].pop("ru"), "'ru' is a required property"),
    (lambda r: r["steps"][1]["os"].update(linux=r["steps"][1]["os"]["windows"]), "'linux' was unexpected"),
])
def test_the_schema_rejects_what_the_build_rejects(change, expected):
    record = yaml.safe_load(CAMERA.read_text(encoding="utf-8"))
    change(record)
    def messages(errors):
        return [line for error in errors for line in [error.message, *messages(error.context or [])]]

    found = messages(validator("record").iter_errors(record))
    assert any(expected in message for message in found), found


def new_page(project, *args):
    return subprocess.run([sys.executable, str(project / "scripts" / "new_page.py"), *args],
                          capture_output=True, text=True)


def test_new_page_builds_only_after_every_marker_is_replaced(project_copy):
    records = project_copy / "docs" / "records"
    result = new_page(project_copy, "camera-blocked", "error")
    assert result.returncode == 0, result.stderr
    page = records / "errors" / "camera-blocked.yml"
    text = page.read_text(encoding="utf-8")
    assert text.splitlines()[0] == modeline("errors/camera-blocked.yml")
    with pytest.raises(RecordErrors) as caught:
        load_site(records)
    problems = caught.value.problems
    assert len(problems) == 10 and all("still to be written" in line for line in problems), problems
    assert "docs/records/errors/camera-blocked.yml: record 'camera-blocked': steps[0].text.ru: still to be written" \
        in "\n".join(problems)
    written = "\n".join(line.split(":")[0] + ": «@proctoring.webcam-error»" if "the message's label" in line
                        else line.replace('"TODO: ', '"Written: ') for line in text.splitlines()) + "\n"
    page.write_text(written, encoding="utf-8")
    site = load_site(records)
    assert site.pages["camera-blocked"].anchors() == ["first-step"]
    assert not [error.message for error in validator("record").iter_errors(yaml.safe_load(written))]


@pytest.mark.parametrize("args, refusal", [
    (["camera", "error"], "'camera' exists: docs/records/errors/camera.yml"),
    (["Camera_2", "guide"], "'Camera_2' is not ASCII kebab-case"),
    (["links", "guide"], "'links' is taken by the site itself"),
])
def test_new_page_refuses_a_taken_or_malformed_id(args, refusal):
    result = new_page(ROOT, *args)
    assert result.returncode == 1 and refusal in result.stderr


def test_new_page_refuses_an_id_published_before(project_copy):
    registry = project_copy / "docs" / "records" / "_published.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("pages:\n", "pages:\n  help/old-guide: [related]\n"),
                        encoding="utf-8")
    result = new_page(project_copy, "old-guide", "guide")
    assert result.returncode == 1 and "was published before" in result.stderr
    assert not (project_copy / "docs" / "records" / "help" / "old-guide.yml").exists()


TRANSLATIONS = [sys.executable, str(ROOT / "scripts" / "translations_report.py")]


def test_the_committed_translation_record_is_current():
    from helpsite.content.translations import RECORD_FILE, current_pairs, dump, read, stale_pairs, updated
    pairs = current_pairs(RECORDS)
    assert len(pairs) >= 250
    assert not stale_pairs(pairs, read(RECORDS)), "make translations"
    assert (RECORDS / RECORD_FILE).read_text(encoding="utf-8") == dump(updated(pairs, read(RECORDS))), \
        "build once and commit docs/records/_translations.yml"


def test_a_file_that_is_not_yaml_is_named_in_one_line_and_the_record_kept(tmp_path):
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    before = (records / "_translations.yml").read_bytes()
    check = records / "check.yml"
    check.write_text(check.read_text(encoding="utf-8") + "title: {kk: a: b}\n", encoding="utf-8")
    report = subprocess.run(TRANSLATIONS + ["--records", str(records)], capture_output=True, text=True)
    assert report.returncode == 2 and report.stdout == ""
    assert re.fullmatch(r"translations: docs/records/check\.yml:\d+:\d+: YAML syntax error: .+\n", report.stderr)
    assert (records / "_translations.yml").read_bytes() == before


def git(project, *args):
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin"})


def test_a_text_edited_on_one_side_is_listed_until_confirmed(project_copy):
    records = project_copy / "docs" / "records"
    git(project_copy, "init", "-q")
    git(project_copy, "add", "docs")
    git(project_copy, "commit", "-qm", "content")
    camera = records / "errors" / "camera.yml"
    old = "Убедитесь, что камера работает и подключена к компьютеру."
    text = camera.read_text(encoding="utf-8")
    both = ("      kk: Басқа бағдарламаларды жабыңыз", "      ru: Закройте другие программы")  # shared step, untouched
    assert old in text and both[0] not in text
    camera.write_text(text.replace(old, "Убедитесь, что камера включена и подключена к компьютеру."), encoding="utf-8")
    steps = records / "_steps.yml"  # both sides of one pair edited: confirmed as it is
    steps.write_text(steps.read_text(encoding="utf-8").replace(both[0], both[0] + " дереу").replace(both[1], both[1] + " сразу"),
                     encoding="utf-8")
    report = subprocess.run(TRANSLATIONS + ["--records", str(records)], capture_output=True, text=True)
    assert report.returncode == 1
    lines = report.stdout.splitlines()
    assert lines[0] == "docs/records/errors/camera.yml: record 'camera': steps[0].text: ru changed, kk not"
    assert lines[1] == f"  ru was: {old} Проверить её можно на странице [проверки системы](page:check#camera) этого сайта."
    assert lines[2].startswith("  ru now: Убедитесь, что камера включена")
    assert len(lines) == 3  # nothing else is stale
    build = subprocess.run(["make", "--no-print-directory", "build", f"SITE_DIR={project_copy / 'out'}"], cwd=project_copy,
                           capture_output=True, text=True)
    assert build.returncode == 0 and "WARNING: 1 text(s) changed in some languages only" in build.stderr
    confirmed = subprocess.run(TRANSLATIONS + ["--records", str(records), "--confirm", "camera"], capture_output=True, text=True)
    assert confirmed.returncode == 0, confirmed.stdout
    assert subprocess.run(TRANSLATIONS + ["--records", str(records)], capture_output=True).returncode == 0
