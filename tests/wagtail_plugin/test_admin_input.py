"""Malformed form input to every admin view of the plugin gives the form back with its problems, never a 500."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")
pytest.importorskip("bs4", reason="the tests parse HTML with beautifulsoup4")

from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.models import Locale

from wagtail_kultursamverkan.models import BodyPage, Organisation, Person, PlanPage, RegionIndexPage, StructurePage

from .helpers import admin_user, site_root
from .readers import EXAMPLE, IMPORT_URL, run_import

#: Values a form must refuse at its field: not a number, out of any range, negative, a NUL, markup, huge.
MALFORMED = ["x", "99999999999999999999", "-1", "1.5", "\x00", "<script>alert(1)</script>", "ä" * 5000]


@pytest.fixture
def site(db: None) -> None:
    Locale.objects.get_or_create(language_code="en")
    run_import(EXAMPLE, system=True)
    Person.objects.create(identifier="anna", name="Anna Andersson", locale=Locale.get_default())


@pytest.fixture
def admin(client, site):  # type: ignore[no-untyped-def]
    client.force_login(admin_user())
    client.raise_request_exception = False  # a 500 is a status to assert on, not an exception in the test
    return client


def _fields(client: Any, url: str) -> list[str]:
    """The names of the form fields on the view's page, as a browser would submit them."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    soup = BeautifulSoup(response.content, "html.parser")
    names = {tag.get("name") for tag in soup.select("form input, form select, form textarea")}
    return sorted(n for n in names if n and n != "csrfmiddlewaretoken")


def _views() -> list[tuple[str, str]]:
    """Every admin view of the plugin that takes form input: (name, URL)."""
    structure = StructurePage.objects.get(identifier="halland", locale__language_code="sv")
    region = RegionIndexPage.objects.get(pk=structure.get_parent().pk)
    plan = PlanPage.objects.child_of(structure).first()
    body = BodyPage.objects.child_of(structure).first()
    views = [("import", IMPORT_URL)]
    for model in (Organisation, Person):
        name = model._meta.model_name
        obj = model.objects.filter(locale__language_code="sv").first()
        views.append((f"{name} add", reverse(f"wagtailsnippets_wagtail_kultursamverkan_{name}:add")))
        views.append((f"{name} edit", reverse(f"wagtailsnippets_wagtail_kultursamverkan_{name}:edit", args=[obj.pk])))
    for page, parent in ((region, site_root()), (structure, region), (plan, structure), (body, structure)):
        model = type(page)._meta.model_name
        add = reverse("wagtailadmin_pages:add", args=["wagtail_kultursamverkan", model, parent.pk])
        views.append((f"{model} add", add))
        views.append((f"{model} edit", reverse("wagtailadmin_pages:edit", args=[page.pk])))
    return views


#: The plugin's StreamFields, on its pages and snippets.
STREAM_FIELDS = sorted(
    {
        f.name
        for model in (Organisation, Person, RegionIndexPage, StructurePage, PlanPage, BodyPage)
        for f in model._meta.get_fields()
        if isinstance(f, StreamField)
    }
)

VIEW_NAMES = [
    "import",
    "organisation add",
    "organisation edit",
    "person add",
    "person edit",
    "regionindexpage add",
    "regionindexpage edit",
    "structurepage add",
    "structurepage edit",
    "planpage add",
    "planpage edit",
    "bodypage add",
    "bodypage edit",
]


@pytest.mark.django_db
@pytest.mark.parametrize("view", VIEW_NAMES)
def test_malformed_values_in_every_field_never_give_a_500(admin, view: str) -> None:
    url = dict(_views())[view]
    fields = _fields(admin, url)
    assert fields, view
    failures = []
    for bad in MALFORMED:
        data: dict[str, Any] = dict.fromkeys(fields, bad)
        # StreamFields' inputs are written by Wagtail's JavaScript, not in the HTML: send their counts too.
        data.update({f"{name}-count": bad for name in STREAM_FIELDS})
        if view == "import":
            data["file"] = SimpleUploadedFile("halland.yaml", EXAMPLE.read_bytes(), content_type="application/yaml")
        response = admin.post(url, data)
        if response.status_code not in (200, 400) or "form" not in (response.context or {}):
            failures.append((bad[:20], response.status_code))
    assert not failures, (view, failures)


@pytest.mark.django_db
@pytest.mark.parametrize("bad", MALFORMED[:4], ids=["text", "huge", "negative", "fraction"])
def test_the_import_form_shows_a_bad_page_or_language_at_its_field(admin, bad: str) -> None:
    upload = SimpleUploadedFile("halland.yaml", EXAMPLE.read_bytes(), content_type="application/yaml")
    response = admin.post(IMPORT_URL, {"parent": bad, "locale": bad, "file": upload})
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"parent", "locale"}
    soup = BeautifulSoup(response.content, "html.parser")
    for name in ("parent", "locale"):
        field = soup.find(attrs={"name": name})
        assert field is not None, name
        wrapper = field.find_parent(attrs={"data-field-wrapper": True})
        assert wrapper is not None, name
        assert wrapper.select(".error-message"), name  # the problem shown at the field


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["", "x", "0" * 32, "../../etc/passwd"])
def test_a_confirmation_with_a_bad_token_writes_nothing(admin, token: str) -> None:
    pages = StructurePage.objects.count()
    for action in ("confirm", "cancel"):
        response = admin.post(IMPORT_URL, {action: "1", "token": token})
        assert response.status_code == 302
    assert StructurePage.objects.count() == pages
