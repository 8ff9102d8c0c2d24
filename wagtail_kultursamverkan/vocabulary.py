"""Choice lists for the core vocabularies, read from the core enums at run time.

Blocks and fields refer to these functions rather than to literal lists, so the
values stay in step with ``kultursamverkan.vocab`` and a new vocabulary member needs
no migration. Labels are the core's own wording (``kultursamverkan.i18n.label``) in
Django's active language, so the editor sees the same words as the published page
and the plugin keeps no second copy of them.

The lists are built once per language and then reused: Wagtail asks for a choice
block's choices every time it indexes a value for search, and building them anew
each time made up most of an import's time. The core's catalogs do not change
while the process runs, so the cache never goes stale.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.utils.translation import get_language

from kultursamverkan import i18n, vocab

Choices = list[tuple[str, str]]


def active_language() -> str:
    """Django's active language as one of the core's catalog languages (sv, en)."""
    return i18n.normalize_lang(get_language() or "sv")


def label(member: vocab.Vocabulary, lang: str | None = None) -> str:
    """The member's label in ``lang`` (default: the active language), capitalised for a form."""
    text = i18n.label(member, lang or active_language())
    return text[:1].upper() + text[1:]


def _choices(cls: type[vocab.Vocabulary], name: str) -> Callable[[], Choices]:
    @functools.cache  # keyed by the core's language: sv or en
    def cached(lang: str) -> tuple[tuple[str, str], ...]:
        return tuple((member.value, label(member, lang)) for member in cls)

    def choices() -> Choices:
        return list(cached(active_language()))  # a fresh list: callers may change it

    # Migrations serialise a callable by its import path, so give it its real name.
    choices.__name__ = choices.__qualname__ = name
    choices.__module__ = __name__
    choices.vocabulary = cls  # type: ignore[attr-defined]
    choices.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return choices


tier_choices = _choices(vocab.Tier, "tier_choices")
scope_choices = _choices(vocab.Scope, "scope_choices")
body_kind_choices = _choices(vocab.BodyKind, "body_kind_choices")
body_status_choices = _choices(vocab.BodyStatus, "body_status_choices")
renewal_choices = _choices(vocab.Renewal, "renewal_choices")
participant_choices = _choices(vocab.ParticipantCategory, "participant_choices")
relation_type_choices = _choices(vocab.RelationType, "relation_type_choices")
organisation_kind_choices = _choices(vocab.OrganisationKind, "organisation_kind_choices")
collaboration_kind_choices = _choices(vocab.CollaborationKind, "collaboration_kind_choices")
plan_kind_choices = _choices(vocab.PlanKind, "plan_kind_choices")
plan_status_choices = _choices(vocab.PlanStatus, "plan_status_choices")
agreement_kind_choices = _choices(vocab.AgreementKind, "agreement_kind_choices")
event_kind_choices = _choices(vocab.EventKind, "event_kind_choices")
role_choices = _choices(vocab.Role, "role_choices")
activity_area_choices = _choices(vocab.ActivityArea, "activity_area_choices")
minority_choices = _choices(vocab.NationalMinority, "minority_choices")
time_unit_choices = _choices(vocab.TimeUnit, "time_unit_choices")


@functools.lru_cache(maxsize=16)  # keyed by Django's language code, of which a site has a few
def _months(language: str) -> tuple[tuple[str, str], ...]:
    from django.utils.dates import MONTHS

    return tuple((str(n), str(MONTHS[n])) for n in range(1, 13))  # MONTHS is lazy: str() in the active language


def month_choices() -> Choices:
    """Months 1–12, named in the active language."""
    return list(_months(get_language() or "sv"))


#: The choice function of every core vocabulary: the named ones above, and one for each other vocabulary,
#: named ``<context>_choices`` (``season_choices``) so that migrations can import it.
CHOICES: dict[type[vocab.Vocabulary], Callable[[], Choices]] = {
    f.vocabulary: f  # type: ignore[attr-defined]
    for f in (
        tier_choices,
        scope_choices,
        body_kind_choices,
        body_status_choices,
        renewal_choices,
        participant_choices,
        relation_type_choices,
        organisation_kind_choices,
        collaboration_kind_choices,
        plan_kind_choices,
        plan_status_choices,
        agreement_kind_choices,
        event_kind_choices,
        role_choices,
        activity_area_choices,
        minority_choices,
        time_unit_choices,
    )
}
for _vocabulary in vocab.VOCABULARIES:
    if _vocabulary not in CHOICES:
        _name = f"{i18n.context_of(_vocabulary)}_choices"
        globals()[_name] = CHOICES[_vocabulary] = _choices(_vocabulary, _name)
