"""Problems the admin cannot show at a field say where they are by names and field labels, in the admin's language."""

from __future__ import annotations

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.utils import translation

from kultursamverkan.errors import Problem
from wagtail_kultursamverkan.forms import _message

DATA = {"bodies": [{"id": "s"}, {"id": "t", "name": {"sv": "Taktiskt nätverk", "en": "Tactical network"}}]}
PATH = ("bodies", 1, "cadence", "times")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("sv", "måste vara 1 eller mer, inte 0 (vid Taktiskt nätverk › Mötesfrekvens › Antal gånger)"),
        ("en", "must be 1 or more, not 0 (at Tactical network › Meeting frequency › Times)"),
    ],
)
def test_a_located_message_names_the_body_and_the_fields(lang: str, expected: str) -> None:
    problem = Problem.of(PATH, "not_positive", value=0)
    with translation.override(lang):
        said = _message(problem, PATH, DATA)
    assert said == expected
    assert "$." not in said
