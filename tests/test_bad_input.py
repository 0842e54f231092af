"""Every kind of broken record gives one clear line naming file, record and field."""

import pytest

from conftest import broken_copy, problems_of

CAMERA = "errors/camera.yml"


CASES = {
    "support address carrying mail headers": (
        {"_site.yml": ("# A production build (SITE_URL=https://…) stops on a value that is not confirmed.\n",
                       "support:\n  email: support@oes.kz?cc=copy%40evil.kz\n")},
        "docs/records/_site.yml: support.email: an e-mail address only, like help@example.kz (no ?cc=, &bcc= or other "
        "mail headers)",
    ),
    "yaml syntax": (
        {CAMERA: ("kind: error\n", "kind: error\ntitle: [unclosed\n")},
        "docs/records/errors/camera.yml:5:6: YAML syntax error: expected ',' or ']', but got ':'",
    ),
    "key written twice": (
        {CAMERA: ("kind: error\n", "kind: error\nkind: guide\n")},
        "docs/records/errors/camera.yml:4:1: YAML syntax error: duplicate key 'kind'",
    ),
    "missing translation": (
        {CAMERA: ("  ru: Ошибка «@proctoring.webcam-error»\n", "")},
        "docs/records/errors/camera.yml: record 'camera': title.ru: missing translation",
    ),
    "unknown field": (
        {CAMERA: ("\ntitle:\n", "\ntitel:\n")},
        "docs/records/errors/camera.yml: record 'camera': titel: unknown field (did you mean `title`?)",
    ),
    "unknown os": (
        {CAMERA: ("      macos:\n", "      linux:\n")},
        "docs/records/errors/camera.yml: record 'camera': steps[1].os.linux: unknown field (a typo?)",
    ),
    "duplicate step id": (
        {CAMERA: ("  - id: check-device\n", "  - id: os-permission\n")},
        "docs/records/errors/camera.yml: record 'camera': steps[1].id: duplicate step id 'os-permission'",
    ),
    "shared step that does not exist": (
        {CAMERA: ("  - use: restart\n", "  - use: reboot\n")},
        "docs/records/errors/camera.yml: record 'camera': steps[5].use: no shared step 'reboot' in _steps.yml",
    ),
    "device that does not exist": (
        {CAMERA: ("    device: camera\n", "    device: webcam\n")},
        "docs/records/errors/camera.yml: record 'camera': steps[2].device: no device 'webcam' in _steps.yml",
    ),
    "device without the words a shared step needs": (
        {CAMERA: ("  - use: other-apps\n    device: camera\n", "  - use: other-apps\n    device: extension-download\n")},
        "docs/records/errors/camera.yml: record 'camera': steps[4].device: shared step 'other-apps' needs "
        "kk.accusative, kk.examples, ru.accusative, ru.examples, device 'extension-download' gives none",
    ),
    "related page that does not exist": (
        {CAMERA: ("  - black-screen\n", "  - black-square\n")},
        "docs/records/errors/camera.yml: record 'camera': related[1]: no page 'black-square' (did you mean `black-screen`?)",
    ),
    "link to a page that does not exist": (
        {CAMERA: ("(page:check#camera)", "(page:checks#camera)")},
        "docs/records/errors/camera.yml: record 'camera': link page:checks#camera: no page 'checks' (did you mean `check`?) (kk text)",
    ),
    "link to a step that does not exist": (
        {CAMERA: ("(page:check#camera)", "(page:check#webcam)")},
        "docs/records/errors/camera.yml: record 'camera': link page:check#webcam: page 'check' has no step 'webcam' (kk text)",
    ),
    "html in text": (
        {CAMERA: ("Операциялық жүйеде камераға рұқсат берілгенін тексеріңіз.", "<script>alert(1)</script>")},
        "docs/records/errors/camera.yml: record 'camera': steps[1].text.kk: HTML is not allowed in record text, write Markdown instead",
    ),
    "id that is not the file name": (
        {CAMERA: ("id: camera\n", "id: webcam\n")},
        "docs/records/errors/camera.yml: record 'webcam': id: must match the file name 'camera'",
    ),
    "anchor that is not ascii kebab-case": (
        {CAMERA: ("  - id: check-device\n", "  - id: Камера\n")},
        "docs/records/errors/camera.yml: record 'camera': steps[0].id: must be ASCII kebab-case, like `other-apps`",
    ),
    "a message typed instead of quoted from the catalogue": (
        {CAMERA: ("message:\n  kk: «@proctoring.webcam-error»\n", "message:\n  kk: Веб-камераны қосу\n")},
        "docs/records/errors/camera.yml: record 'camera': message.kk: quote the message from the catalogue "
        "(`«@proctoring.…»`), where its source is recorded; leave it out when none is known",
    ),
    "copy button missing for a language": (
        {"_site.yml": ("    ru: {kk: Орысша сілтемені көшіру}\n", "")},
        "docs/records/_site.yml: labels: `copy_link_in` needs exactly the site's languages: kk, ru",
    ),
    "error in the help folder": (
        {"help/black-screen.yml": ("kind: guide\n", "kind: error\nmessage: {kk: Қара экран, ru: Чёрный экран}\n")},
        "docs/records/help/black-screen.yml: record 'black-screen': kind: records in 'help/' are of kind 'guide'",
    ),
    "check fix pointing at a missing step": (
        {"_checks.yml": ("fix: [camera#check-device]", "fix: [camera#plug-in]")},
        "docs/records/_checks.yml: checks.camera.results.NotFoundError.fix[0]: page 'camera' has no step 'plug-in'",
    ),
    "check that does not exist": (
        {CAMERA: ("    check: camera\n", "    check: webcam\n")},
        "docs/records/errors/camera.yml: record 'camera': steps[0].check: Input should be 'browser', 'camera', "
        "'microphone', 'screen', 'internet', 'server' or 'extension'",
    ),
    "broken shared steps file": (
        {"_steps.yml": ("  restart:\n    title:\n", "  restart:\n    titel:\n")},
        "docs/records/_steps.yml: steps.restart.titel: unknown field (did you mean `title`?)",
    ),
}


@pytest.mark.parametrize("edits, expected", CASES.values(), ids=CASES.keys())
def test_broken_record_is_reported_in_one_line(tmp_path, edits, expected):
    problems = problems_of(broken_copy(tmp_path, edits))
    assert expected in problems, "\n".join(problems)


def test_every_problem_is_reported_at_once(tmp_path):
    root = broken_copy(tmp_path, {
        CAMERA: ("\ntitle:\n", "\ntitel:\n"),
        "errors/microphone.yml": ("  - use: restart\n", "  - use: reboot\n"),
    })
    problems = problems_of(root)
    assert any("camera.yml: record 'camera': titel" in line for line in problems)
    assert any("microphone.yml: record 'microphone': steps[5].use" in line for line in problems)


def test_a_broken_page_does_not_cascade_into_pages_that_link_to_it(tmp_path):
    problems = problems_of(broken_copy(tmp_path, {CAMERA: ("\ntitle:\n", "\ntitel:\n")}))
    assert all("camera.yml" in line for line in problems), problems
