"""The admin speaks Swedish and English: complete catalogs, the core's wording for choices, problems in sv."""

from __future__ import annotations

import ast
import html
import importlib.resources
import json
import re
from pathlib import Path

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.urls import reverse
from django.utils import translation
from wagtail.blocks.base import get_error_json_data

import kultursamverkan
from kultursamverkan import i18n
from kultursamverkan.vocab import ParticipantCategory
from wagtail_kultursamverkan import vocabulary
from wagtail_kultursamverkan.extract import page_errors
from wagtail_kultursamverkan.models import BodyPage

from .helpers import admin_user, structure_page

PACKAGE = importlib.resources.files("wagtail_kultursamverkan")
HALLAND = Path(__file__).resolve().parents[2] / "examples" / "regions" / "halland.yaml"
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}
TEMPLATE_STRING = re.compile(r'{%\s*(?:translate|trans)\s+"([^"]+)"')


def _catalog(lang: str) -> dict[str, str]:
    """msgid → msgstr of the shipped .po, refusing fuzzy entries."""
    text = (PACKAGE / "locale" / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in text, f"{lang}: fuzzy entries"
    import gettext
    import io

    mo = gettext.GNUTranslations(io.BytesIO((PACKAGE / "locale" / lang / "LC_MESSAGES" / "django.mo").read_bytes()))
    return mo._catalog  # type: ignore[attr-defined]


def _source_strings() -> set[str]:
    """Every literal passed to gettext in the plugin's modules and every {% translate %} in its templates."""
    found: set[str] = set()
    own = ("models", "pages", "snippets", "mapping", "blocks", "extract", "forms", "fields", "vocabulary")
    own += ("wagtail_hooks", "apps", "stored_readings")
    for name in own:
        tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in GETTEXT_NAMES
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    for template in (PACKAGE / "templates" / "wagtail_kultursamverkan").iterdir():
        if template.name.endswith(".html"):
            found.update(TEMPLATE_STRING.findall(template.read_text(encoding="utf-8")))
    for template in (PACKAGE / "templates" / "wagtail_kultursamverkan" / "blocks").iterdir():
        found.update(TEMPLATE_STRING.findall(template.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_message_is_translated_in_the_compiled_catalog(lang: str) -> None:
    catalog = _catalog(lang)
    missing = sorted(s for s in _source_strings() if not catalog.get(s))
    assert not missing, f"{lang}: not in the .mo (run makemessages, translate, compilemessages): {missing}"


def test_swedish_is_swedish() -> None:
    catalog = _catalog("sv")
    assert catalog["collaboration body"] == "samverkansorgan"
    assert catalog["What the diagram shows"] == "Vad diagrammet visar"
    assert catalog["unchanged"] == "oförändrad"


def test_choice_labels_are_the_cores_wording_in_the_active_language() -> None:
    for lang in ("sv", "en"):
        with translation.override(lang):
            labels = dict(vocabulary.participant_choices())
        for member in ParticipantCategory:
            assert labels[member.value].lower() == i18n.label(member, lang).lower()
    with translation.override("sv"):
        assert dict(vocabulary.participant_choices())["heads_of_administration"] == "Förvaltningschefer"
        assert dict(vocabulary.participant_choices())["elected_representatives"] == "Förtroendevalda"


def _seen(content: str, text: str) -> bool:
    """``text`` in the page, either as HTML or inside the JSON the block editor is built from."""
    escaped = text.encode("ascii", "backslashreplace").decode().replace("\\x", "\\u00")
    return text in html.unescape(content) or escaped in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("sv", ["Aktuell per", "Källor"]),
        ("en", ["As of", "Sources"]),
    ],
)
def test_page_editor_in_the_admin_language(client, lang: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user(lang))
    page = structure_page(kultursamverkan.load(HALLAND))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    for text in expected:
        assert _seen(content, text), text


@pytest.mark.django_db
def test_core_problems_in_the_editors_language() -> None:
    structure = structure_page(kultursamverkan.load(HALLAND))
    body = BodyPage.objects.child_of(structure).order_by("path").first()
    body.relations = [{"type": "relations", "value": {"type": "part_of", "target": "no-such-thing"}}]
    said = {}
    for lang in ("sv", "en"):
        with translation.override(lang):
            [(_field, error)] = page_errors(body, structure)
        said[lang] = json.dumps(get_error_json_data(error.block_errors[0].block_errors["target"]), ensure_ascii=False)
    assert "there is nothing with the id 'no-such-thing' in this structure" in said["en"]
    assert "det finns inget med id:t 'no-such-thing' i strukturen" in said["sv"]
