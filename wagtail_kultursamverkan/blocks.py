"""StreamField blocks that hold exactly the data of the core model's objects.

Child block names are the core's keys, so a block's value maps to the core's plain
data one to one (see ``convert``), and a problem the core reports at a path such as
``bodies[2].cadence.per`` can be shown at that field in the editor. References to
other objects in the structure are ids, checked by the core on save.
"""

from __future__ import annotations

import types
import typing
from typing import Any

import attrs
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.functional import lazy
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from kultursamverkan import converter, i18n, vocab
from kultursamverkan import model as core
from kultursamverkan.model import ID_PATTERN, Structure
from kultursamverkan.values import PartialDate
from kultursamverkan.vocab import Vocabulary

from . import vocabulary as v
from .cadence_field import read_cadence_phrase

PREVIEW_TEMPLATE = "wagtail_kultursamverkan/blocks/preview.html"
ITEM_TEMPLATE = "wagtail_kultursamverkan/blocks/item.html"

id_validator = RegexValidator(
    ID_PATTERN, _("Use lowercase a–z, digits and single hyphens, e.g. “strategiskt-natverk”."), "invalid_id"
)


#: The longest date the core writes ("~2023-05-15", "~2021-autumn") fits with room to spare.
DATE_MAX_LENGTH = 20
DATE_HELP = _("YYYY, YYYY-MM or YYYY-MM-DD; a season 2021-spring; a split year 2023/24; ~ in front when approximate")
DATE_HELP_ERROR = _(
    "Write the date as YYYY, YYYY-MM or YYYY-MM-DD, a season as 2021-spring, a split year as 2023/24, "
    "with ~ in front when approximate."
)


def validate_partial_date(value: str) -> None:
    if not value:
        return
    try:
        PartialDate.parse(value)
    except ValueError:
        raise ValidationError(DATE_HELP_ERROR, code="invalid_date") from None


class SynchronisedCharBlock(blocks.CharBlock):
    """Text that is data, not prose (ids, dates, addresses): wagtail-localize copies it, never translates it."""

    def get_translatable_segments(self, value: Any) -> list:
        return []

    def restore_translated_segments(self, value: Any, segments: list) -> Any:
        return value


class IdBlock(SynchronisedCharBlock):
    """An id in the structure's id space: the key other objects refer to."""

    def __init__(self, required: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("validators", [id_validator])
        super().__init__(required=required, **kwargs)


class PartialDateBlock(SynchronisedCharBlock):
    """A date known to the year, month or day."""

    def __init__(self, required: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", DATE_MAX_LENGTH)
        kwargs.setdefault("validators", [validate_partial_date])
        kwargs.setdefault("help_text", DATE_HELP)
        super().__init__(required=required, **kwargs)


class LocalizedTextBlock(blocks.StructBlock):
    """Text in Swedish and English, as the core's ``LocalizedText``; one of the two is enough."""

    sv = blocks.CharBlock(required=False, label=_("Swedish"))
    en = blocks.CharBlock(required=False, label=_("English"))

    def __init__(self, required: bool = False, multiline: bool = False, **kwargs: Any) -> None:
        self._text_required = required
        if multiline:
            kwargs["local_blocks"] = [
                ("sv", blocks.TextBlock(required=False, label=_("Swedish"))),
                ("en", blocks.TextBlock(required=False, label=_("English"))),
            ]
        super().__init__(**kwargs)

    @property
    def required(self) -> bool:
        return self._text_required

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        if self._text_required and not (value.get("sv") or "").strip() and not (value.get("en") or "").strip():
            raise blocks.StructBlockValidationError(
                block_errors={"sv": ValidationError(_("Give the text in Swedish or English."), code="required")}
            )
        return value

    def get_translatable_segments(self, value: blocks.StructValue) -> list:
        """wagtail-localize: each language's text that is there, by language; empty ones are not offered."""
        from wagtail_localize.segments import StringSegmentValue

        return [StringSegmentValue(lang, value[lang]) for lang in ("sv", "en") if (value.get(lang) or "").strip()]

    def restore_translated_segments(self, value: blocks.StructValue, segments: list) -> blocks.StructValue:
        for segment in segments:
            value[segment.path] = segment.render_text()
        return value

    class Meta:
        icon = "doc-full"
        form_classname = "ks-localized-text"
        label_format = "{sv}"


def choice(choices: Any, required: bool = False, **kwargs: Any) -> blocks.ChoiceBlock:
    return blocks.ChoiceBlock(choices=choices, required=required, **kwargs)


def choices(choices: Any, **kwargs: Any) -> blocks.MultipleChoiceBlock:
    return blocks.MultipleChoiceBlock(choices=choices, required=False, widget=forms.CheckboxSelectMultiple, **kwargs)


def url_block(**kwargs: Any) -> blocks.CharBlock:
    # Any string the core accepts; the renderer decides what becomes a link.
    return SynchronisedCharBlock(required=False, max_length=2000, label=_("Web address"), **kwargs)


def ids(label: str, **kwargs: Any) -> blocks.ListBlock:
    """A list of ids. Wagtail shows no label beside a list's field items, so each input is named for
    screen readers ("Members: Id"); set on the widget, so block definitions and migrations stay as they are."""
    child = IdBlock(label=_("Id"))
    child.field.widget.attrs["aria-label"] = format_lazy("{}: {}", label, _("Id"))
    return blocks.ListBlock(child, label=label, default=[], **kwargs)


# ------------------------------------------------------- blocks from the core model


class PeriodBlock(blocks.StructBlock):
    start = PartialDateBlock(label=_("From"))
    end = PartialDateBlock(label=_("To"))

    class Meta:
        label = _("Period")


def core_label(name: str) -> Any:
    """A field's label from the core's own catalog (``kultursamverkan.details.FIELDS``), in the active language."""
    from kultursamverkan import details

    def text() -> str:
        if name in details.FIELDS:
            return details.field_label(name, v.active_language())
        return name.replace("_", " ").capitalize()

    return lazy(text, str)()


def _optional(t: Any) -> tuple[Any, bool]:
    """``X | None`` → ``(X, True)``; anything else → ``(t, False)``."""
    args = typing.get_args(t)
    if typing.get_origin(t) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return rest[0], True
        return typing.Union[tuple(rest)], True  # type: ignore[return-value]
    return t, False


def core_block(t: Any, name: str, *, required: bool = False) -> blocks.Block:
    """The block for a value of the core type ``t`` held in the field ``name``: one rule per type, so a
    core class's fields become blocks without a hand-written block per class (see ``core_struct``)."""
    from kultursamverkan.cadence import Cadence
    from kultursamverkan.model import Id
    from kultursamverkan.values import LocalizedText, Period

    t, optional = _optional(t)
    required = required and not optional
    label = core_label(name)
    if t is Id:
        return IdBlock(required=required, label=label)
    if t is str:
        return SynchronisedCharBlock(required=required, max_length=2000, label=label)
    if t is int:
        return blocks.IntegerBlock(required=required, label=label)
    if t is bool:
        return blocks.BooleanBlock(required=False, label=label)
    if t is PartialDate:
        return PartialDateBlock(required=required, label=label)
    if t is LocalizedText:
        return LocalizedTextBlock(required=required, multiline=name in ("description", "summary"), label=label)
    if t is Period:
        return PeriodBlock(label=label)
    if set(typing.get_args(t)) == set(typing.get_args(Cadence)):
        return CadenceBlock(label=label)
    if isinstance(t, type) and issubclass(t, Vocabulary):
        return choice(v.CHOICES[t], required=required, label=label)
    if typing.get_origin(t) is tuple:
        item = typing.get_args(t)[0]
        if isinstance(item, type) and issubclass(item, Vocabulary):
            return choices(v.CHOICES[item], label=label)
        if item is Id:
            return ids(label)
        child = core_block(item, name, required=True)
        return blocks.ListBlock(child, default=[], label=label)
    if attrs.has(t):
        return core_struct(t, label=label)
    raise TypeError(f"no block for {t!r} ({name})")  # pragma: no cover - a model change without a block rule


def core_struct(cls: type, **kwargs: Any) -> blocks.StructBlock:
    """A StructBlock whose children are the core class's fields, by ``core_block``."""
    hints = typing.get_type_hints(cls)
    children = [
        (f.name, core_block(hints[f.name], f.name, required=f.default is attrs.NOTHING)) for f in attrs.fields(cls)
    ]
    return blocks.StructBlock(children, **kwargs)


def core_children(cls: type, names: tuple[str, ...]) -> dict[str, blocks.Block]:
    """Blocks for the named fields of a core class, to add to a hand-written block's children."""
    hints = typing.get_type_hints(cls)
    fields = attrs.fields_dict(cls)
    return {name: core_block(hints[name], name, required=fields[name].default is attrs.NOTHING) for name in names}


def is_list_field(cls: type, name: str) -> bool:
    return typing.get_origin(typing.get_type_hints(cls)[name]) is tuple


def core_details(cls: type, names: tuple[str, ...]) -> blocks.StreamBlock:
    """A StreamBlock for a snippet's or page's format-2 fields: one block type per field of the core class.

    A list field is any number of entries of its item's block, in order; any other field is
    at most one entry. ``convert.details_data`` and ``convert.details_stream`` read and write it.
    """
    hints = typing.get_type_hints(cls)
    children, counts = [], {}
    for name in names:
        t, _opt = _optional(hints[name])
        if typing.get_origin(t) is tuple:
            children.append((name, core_block(typing.get_args(t)[0], name, required=True)))
        else:
            children.append((name, core_block(t, name, required=True)))
            counts[name] = {"max_num": 1}
    return blocks.StreamBlock(children, block_counts=counts, required=False)


# --------------------------------------------------------------------- cadence


def _form_blocks() -> dict[str, blocks.Block]:
    """What every cadence form may add (``cadence._Form``): a qualifier and a phase."""
    from kultursamverkan.cadence import Count

    return core_children(Count, ("qualifier", "during"))


class _CountBlock(blocks.StructBlock):
    times = blocks.IntegerBlock(min_value=1, label=_("Times"))
    per = choice(v.time_unit_choices, required=True, default="year", label=_("Per"))
    approximate = blocks.BooleanBlock(required=False, label=_("Approximately"))
    months = choices(v.month_choices, label=_("Months"))
    seasons = choices(v.CHOICES[vocab.Season], label=core_label("season"))
    locals().update(_form_blocks())

    class Meta:
        label = _("A set number of times")


class _RangeBlock(blocks.StructBlock):
    min = blocks.IntegerBlock(min_value=1, label=_("At least"))
    max = blocks.IntegerBlock(min_value=1, label=_("At most"))
    per = choice(v.time_unit_choices, required=True, default="year", label=_("Per"))
    locals().update(_form_blocks())

    class Meta:
        label = _("A range, e.g. 3–4 times")


class _AtLeastBlock(blocks.StructBlock):
    times = blocks.IntegerBlock(min_value=1, label=_("Times"))
    per = choice(v.time_unit_choices, required=True, default="year", label=_("Per"))
    locals().update(_form_blocks())

    class Meta:
        label = _("At least a set number of times")


class _IntervalBlock(blocks.StructBlock):
    every = blocks.IntegerBlock(min_value=1, default=1, label=_("Every"))
    every_max = blocks.IntegerBlock(required=False, min_value=1, label=_("Up to every"))
    unit = choice(v.time_unit_choices, required=True, default="year", label=_("Unit"))
    months = choices(v.month_choices, label=_("Months"))
    seasons = choices(v.CHOICES[vocab.Season], label=core_label("season"))
    locals().update(_form_blocks())

    class Meta:
        label = _("At a fixed interval, e.g. every other month")


class _DatesBlock(blocks.StructBlock):
    dates = blocks.ListBlock(PartialDateBlock(required=True), min_num=1, label=_("Dates"))
    locals().update(_form_blocks())

    class Meta:
        label = _("On given dates")


class CadencePhraseBlock(blocks.CharBlock):
    """A meeting frequency typed in words; on saving it becomes the form it was understood as."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value: str) -> str:
        value = super().clean(value)
        read_cadence_phrase(value)
        return value


class CadenceBlock(blocks.StreamBlock):
    """How often a body meets: one of the core's cadence forms, chosen by its kind, or typed in words.

    A typed phrase ("tre till fyra gånger om året") is read by the core's parser when the
    page is saved and replaced by the form it was understood as, so the editor sees what
    was understood; a phrase the parser cannot read is refused at the field, never guessed.
    """

    count = _CountBlock()
    range = _RangeBlock()
    at_least = _AtLeastBlock()
    interval = _IntervalBlock()
    # Formerly StaticBlocks: a stored ``None`` value reads as an empty struct.
    as_needed = blocks.StructBlock(list(_form_blocks().items()), label=_("As needed"))
    ongoing = blocks.StructBlock(list(_form_blocks().items()), label=_("Ongoing"))
    regular = blocks.StructBlock(list(_form_blocks().items()), label=_("Regularly"))
    dates = _DatesBlock()
    phrase = CadencePhraseBlock(
        label=_("In words"),
        help_text=_(
            "Type how often, e.g. “tre till fyra gånger om året” or “varannan månad”. "
            "On saving it becomes the form it was understood as."
        ),
    )

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if not any(child.block_type == "phrase" for child in value):
            return value
        from .convert import data_to_block

        raw = []
        for child in value:
            if child.block_type == "phrase":
                cadence = read_cadence_phrase(child.value)
                raw.extend(data_to_block(self, converter.unstructure(cadence)))
            else:
                raw.append({"type": child.block_type, "value": child.block.get_prep_value(child.value)})
        return self.to_python(raw)

    class Meta:
        required = False
        max_num = 1
        label = _("Cadence")
        icon = "date"


# ---------------------------------------------------------------- collections


# The format-2 fields of the hand-written blocks below are added as ``core_children`` of the core
# class (``locals().update`` in a class body adds them as declared child blocks): one rule per type.


class RelationBlock(blocks.StructBlock):
    type = choice(v.relation_type_choices, required=True, label=_("Relation"))
    target = IdBlock(label=_("To (id)"), help_text=_("The id of a body, organisation or collaboration."))
    locals().update(core_children(core.Relation, ("at",)))

    class Meta:
        icon = "link"
        label = _("Relation")


class ParticipationBlock(blocks.StructBlock):
    organisation = IdBlock(required=False, label=_("Organisation (id)"))
    invited = blocks.BooleanBlock(required=False, label=_("Invited"))
    note = LocalizedTextBlock(label=_("Note"))
    locals().update(core_children(core.Participation, ("category", "invited_to", "seats", "appointment", "represents")))

    class Meta:
        icon = "group"
        label = _("Participating organisation")


#: Made-up values for the editor's previews of the data blocks, in the core's plain data.
SAMPLES: dict[str, dict[str, Any]] = {
    "Body": {
        "id": "strategiskt-natverk",
        "name": {"sv": "Strategiskt nätverk", "en": "Strategic network"},
        "kind": "network",
        "tier": "strategic",
        "participants": ["heads_of_administration"],
        "participants_note": {"sv": "med ansvar för kultur", "en": "responsible for culture"},
        "cadence": {"kind": "count", "times": 4, "per": "year"},
    },
    "Collaboration": {
        "id": "regionsamverkan",
        "name": {"sv": "Regionsamverkan Exempel", "en": "Example regional collaboration"},
        "kind": "interregional_partnership",
        "scope": "interregional",
    },
    "Agreement": {
        "id": "overenskommelsen",
        "name": {"sv": "Överenskommelsen med civilsamhället", "en": "The agreement with civil society"},
        "party_categories": ["civil_society"],
        "date": "2018",
        "purpose": {"sv": "Att stärka det civila samhällets självständighet.", "en": "To strengthen civil society."},
    },
    "Plan": {
        "id": "kulturplan",
        "name": {"sv": "Regional kulturplan", "en": "Regional culture plan"},
        "kind": "culture_plan",
        "period": {"start": "2024", "end": "2027"},
        "goals": [{"text": {"sv": "Kultur i hela länet.", "en": "Culture throughout the county."}}],
    },
    "InterestArea": {"id": "besoksnaringen", "name": {"sv": "Besöksnäringen", "en": "Tourism"}},
    "EventSeries": {
        "id": "kulturting",
        "name": {"sv": "Kulturting", "en": "Culture assembly"},
        "kind": "meeting_place",
        "cadence": {"kind": "interval", "every": 1, "unit": "year", "seasons": ["autumn"]},
    },
    "Funding": {"funder": "region-exempel", "recipient_category": "civil_society", "year": 2025, "amount_sek": 100000},
    "Event": {
        "id": "kulturting",
        "name": {"sv": "Kulturting", "en": "Culture assembly"},
        "kind": "conference",
        "date": "2019-11-14",
    },
}


class CoreItemBlock(blocks.StructBlock):
    """A block holding one object of the core model, rendered and represented by the core.

    The template adds only layout; the HTML is ``kultursamverkan.render.render_item``'s,
    so a body says "fyra gånger per år" from the same catalog as the command line.
    """

    #: The core model class the block's value becomes.
    core_class: type = object

    def core_value(self, value: blocks.StructValue) -> Any:
        """The value as the core's object; raises ``converter.StructureFailed`` when it is not valid."""
        from .convert import block_to_data

        return converter.structure(block_to_data(self, self.get_prep_value(value)), self.core_class)

    def get_api_representation(self, value: blocks.StructValue, context: Any = None) -> Any:
        """The core's plain data (what a structure file holds), not the block's storage."""
        from .convert import block_to_data

        try:
            return converter.unstructure(self.core_value(value))
        except converter.StructureFailed:  # a draft in progress: its data as far as it goes
            return block_to_data(self, self.get_prep_value(value))

    def get_context(self, value: blocks.StructValue, parent_context: Any = None) -> dict[str, Any]:
        from kultursamverkan.render import render_item

        context = super().get_context(value, parent_context=parent_context)
        lang = block_language(parent_context)
        page = (parent_context or {}).get("page")
        structure = None
        if hasattr(getattr(page, "specific", None), "structure"):
            structure = page.specific.structure()
        level = int((parent_context or {}).get("heading_level") or 3)
        try:
            item = self.core_value(value)
        except converter.StructureFailed:
            html = ""
        else:
            html = render_item(item, structure, lang, level)
        context.update(ks_lang=lang, ks_html=mark_safe(html))  # noqa: S308 - the core escapes what it writes
        return context

    def get_preview_value(self) -> blocks.StructValue:
        from .convert import data_to_block

        return self.to_python(data_to_block(self, SAMPLES[self.core_class.__name__]))

    def get_preview_context(self, value: Any, parent_context: Any = None) -> dict[str, Any]:
        context = dict(super().get_preview_context(value, parent_context=parent_context))
        context.setdefault("heading_level", 2)
        return context


#: The body's fields that format 2 added, edited in a group of their own.
BODY_FORMAT_2 = (
    "also_tiers",
    "seats",
    "appointment",
    "target_groups",
    "chair",
    "vice_chair",
    "secretariat",
    "rules_of_procedure",
    "decision_power",
    "meetings",
    "reporting",
    "founded",
    "planned_end",
    "evaluations",
    "history",
    "provenance",
    "not_exhaustive",
)


class BodyBlock(CoreItemBlock):
    """A collaboration body: forum, network, council, consultation, group, …"""

    core_class = core.Body

    id = IdBlock(label=_("Id"))
    name = LocalizedTextBlock(required=True, label=_("Name"))
    kind = choice(v.body_kind_choices, required=True, label=_("Kind"))
    tier = choice(v.tier_choices, label=_("Tier"))
    scope = choice(v.scope_choices, label=_("Scope"))
    description = LocalizedTextBlock(multiline=True, label=_("Description"))
    purpose = LocalizedTextBlock(multiline=True, label=_("Purpose"))
    participants = choices(v.participant_choices, label=_("Participants"))
    participants_note = LocalizedTextBlock(label=_("About the participants"))
    organisations = blocks.ListBlock(ParticipationBlock(), default=[], label=_("Organisations"))
    convener = IdBlock(
        required=False, label=_("Convener (id)"), help_text=_("The organisation that runs the meetings.")
    )
    cadence = CadenceBlock()
    cadence_note = LocalizedTextBlock(label=_("About the cadence"))
    instances = blocks.IntegerBlock(required=False, min_value=1, label=_("Parallel instances"))
    mandate = blocks.ListBlock(LocalizedTextBlock(required=True), default=[], label=_("Mandate"))
    established = PartialDateBlock(label=_("Established"))
    dissolved = PartialDateBlock(label=_("Dissolved"))
    renewal = choice(v.renewal_choices, label=_("Renewal"))
    permanent = blocks.BooleanBlock(required=False, label=_("Permanent"))
    status = choice(v.body_status_choices, required=True, default="active", label=_("Status"))
    relations = blocks.ListBlock(RelationBlock(), default=[], label=_("Relations"))
    activity_areas = choices(v.activity_area_choices, label=_("Activity areas"))
    locals().update(core_children(core.Body, BODY_FORMAT_2))

    class Meta:
        template = ITEM_TEMPLATE
        preview_template = PREVIEW_TEMPLATE
        icon = "group"
        label = _("Collaboration body")
        description = _("A forum, network, council or group, with who takes part and how often it meets.")
        form_layout = blocks.BlockGroup(
            children=[
                "id",
                "name",
                "kind",
                "tier",
                "scope",
                "description",
                "purpose",
                blocks.BlockGroup(
                    children=["participants", "participants_note", "organisations", "convener"],
                    heading=_("Participants"),
                ),
                blocks.BlockGroup(
                    children=["cadence", "cadence_note", "instances"],
                    heading=_("Meetings"),
                ),
                "mandate",
                "relations",
                "activity_areas",
                blocks.BlockGroup(
                    children=list(BODY_FORMAT_2), heading=_("Leadership, history and sources"), classname="collapsed"
                ),
            ],
            settings=["established", "dissolved", "renewal", "permanent", "status"],
        )


class CollaborationBlock(CoreItemBlock):
    core_class = core.Collaboration

    id = IdBlock(label=_("Id"))
    name = LocalizedTextBlock(required=True, label=_("Name"))
    kind = choice(v.collaboration_kind_choices, required=True, label=_("Kind"))
    scope = choice(v.scope_choices, required=True, label=_("Scope"))
    members = ids(_("Members (ids)"))
    description = LocalizedTextBlock(multiline=True, label=_("Description"))
    purpose = LocalizedTextBlock(multiline=True, label=_("Purpose"))
    documents = ids(_("Documents (plan ids)"))
    activity_areas = choices(v.activity_area_choices, label=_("Activity areas"))
    url = url_block()
    locals().update(core_children(core.Collaboration, ("provenance", "not_exhaustive")))

    class Meta:
        template = ITEM_TEMPLATE
        preview_template = PREVIEW_TEMPLATE
        icon = "site"
        label = _("Collaboration")
        description = _("Several regions or organisations working together.")


class AgreementBlock(CoreItemBlock):
    core_class = core.Agreement

    id = IdBlock(label=_("Id"))
    name = LocalizedTextBlock(required=True, label=_("Name"))
    kind = choice(v.agreement_kind_choices, required=True, default="agreement", label=_("Kind"))
    parties = ids(_("Parties (ids)"))
    party_categories = choices(v.participant_choices, label=_("Parties given as categories"))
    date = PartialDateBlock(label=_("Date"))
    purpose = LocalizedTextBlock(multiline=True, label=_("Purpose"))
    description = LocalizedTextBlock(multiline=True, label=_("Description"))
    url = url_block()
    locals().update(
        core_children(
            core.Agreement,
            ("offered_to_each", "party_status", "period", "decision", "implements", "provenance", "not_exhaustive"),
        )
    )

    class Meta:
        template = ITEM_TEMPLATE
        preview_template = PREVIEW_TEMPLATE
        icon = "doc-full-inverse"
        label = _("Agreement")
        description = _("A signed agreement between the region and others.")


class GoalBlock(blocks.StructBlock):
    text = LocalizedTextBlock(required=True, multiline=True, label=_("Goal"))
    focus_areas = blocks.ListBlock(LocalizedTextBlock(required=True), default=[], label=_("Focus areas"))
    target_groups = blocks.ListBlock(LocalizedTextBlock(required=True), default=[], label=_("Target groups"))
    note = LocalizedTextBlock(multiline=True, label=_("Note"))

    class Meta:
        icon = "pick"
        label = _("Goal")


class MilestoneBlock(blocks.StructBlock):
    date = PartialDateBlock(required=True, label=_("Date"))
    description = LocalizedTextBlock(required=True, label=_("Description"))
    event = IdBlock(required=False, label=_("Event (id)"))

    class Meta:
        icon = "date"
        label = _("Milestone")


#: The plan's fields that format 2 added (also on ``PlanPage``, in its ``details``).
PLAN_FORMAT_2 = ("extended_to", "adopted", "part_of", "focus_areas", "evaluations", "provenance", "not_exhaustive")


class PlanBlock(CoreItemBlock):
    core_class = core.Plan

    id = IdBlock(label=_("Id"))
    name = LocalizedTextBlock(required=True, label=_("Name"))
    kind = choice(v.plan_kind_choices, required=True, label=_("Kind"))
    status = choice(v.plan_status_choices, required=True, default="adopted", label=_("Status"))
    period = PeriodBlock()
    owner = IdBlock(required=False, label=_("Owner (id)"))
    based_on = IdBlock(required=False, label=_("Based on (plan id)"))
    description = LocalizedTextBlock(multiline=True, label=_("Description"))
    goals = blocks.ListBlock(GoalBlock(), default=[], label=_("Goals"))
    milestones = blocks.ListBlock(MilestoneBlock(), default=[], label=_("Milestones"))
    activity_areas = choices(v.activity_area_choices, label=_("Activity areas"))
    url = url_block()
    locals().update(core_children(core.Plan, PLAN_FORMAT_2))

    class Meta:
        template = ITEM_TEMPLATE
        preview_template = PREVIEW_TEMPLATE
        icon = "list-ol"
        label = _("Plan")
        description = _("A strategy, culture plan, action plan or position paper, with goals and milestones.")
        form_layout = blocks.BlockGroup(
            children=[
                "id",
                "name",
                "kind",
                "period",
                "description",
                "goals",
                "milestones",
                "activity_areas",
                *PLAN_FORMAT_2,
            ],
            settings=["status", "owner", "based_on", "url"],
        )


class InterestAreaBlock(CoreItemBlock):
    core_class = core.InterestArea

    id = IdBlock(label=_("Id"))
    name = LocalizedTextBlock(required=True, label=_("Name"))
    description = LocalizedTextBlock(multiline=True, label=_("Description"))
    raised_by = choices(v.participant_choices, label=_("Raised by"))
    activity_areas = choices(v.activity_area_choices, label=_("Activity areas"))
    locals().update(core_children(core.InterestArea, ("provenance",)))

    class Meta:
        template = ITEM_TEMPLATE
        preview_template = PREVIEW_TEMPLATE
        icon = "tag"
        label = _("Interest area")
        description = _("A theme that parties find interesting to collaborate on.")


class EventBlock(CoreItemBlock):
    core_class = core.Event

    id = IdBlock(label=_("Id"))
    name = LocalizedTextBlock(required=True, label=_("Name"))
    kind = choice(v.event_kind_choices, required=True, label=_("Kind"))
    date = PartialDateBlock(required=True, label=_("Date"))
    end = PartialDateBlock(label=_("End"))
    body = IdBlock(required=False, label=_("Body (id)"))
    organisers = ids(_("Organisers (ids)"))
    participants = choices(v.participant_choices, label=_("Participants"))
    description = LocalizedTextBlock(multiline=True, label=_("Description"))
    location = LocalizedTextBlock(label=_("Location"))
    url = url_block()
    locals().update(
        core_children(
            core.Event,
            ("series", "theme", "attendance", "attendance_approximate", "time", "provenance", "not_exhaustive"),
        )
    )

    class Meta:
        template = ITEM_TEMPLATE
        preview_template = PREVIEW_TEMPLATE
        icon = "date"
        label = _("Event")
        description = _("A meeting place, conference or a particular meeting, with its date.")


class EventSeriesBlock(CoreItemBlock):
    """A recurring event that is not a body, its editions being events; every field by ``core_block``."""

    core_class = core.EventSeries
    locals().update(core_children(core.EventSeries, tuple(attrs.fields_dict(core.EventSeries))))

    class Meta:
        template = ITEM_TEMPLATE
        preview_template = PREVIEW_TEMPLATE
        icon = "date"
        label = _("Recurring event")
        description = _("An annual meeting place or other recurring event, with its organisers and theme.")


class FundingBlock(CoreItemBlock):
    """Money from one party to another for a year; every field by ``core_block``."""

    core_class = core.Funding
    locals().update(core_children(core.Funding, tuple(attrs.fields_dict(core.Funding))))

    class Meta:
        template = ITEM_TEMPLATE
        preview_template = PREVIEW_TEMPLATE
        icon = "doc-full"
        label = _("Funding")
        description = _("Money from one party to another for a year, in kronor.")


class RepresentationBlock(blocks.StructBlock):
    person = IdBlock(label=_("Person (id)"))
    body = IdBlock(label=_("Body (id)"))
    on_behalf_of = IdBlock(required=False, label=_("On behalf of (id)"))
    role = choice(v.role_choices, required=True, default="representative", label=_("Role"))
    start = PartialDateBlock(label=_("From"))
    end = PartialDateBlock(label=_("To"))

    class Meta:
        icon = "user"
        label = _("Representative")
        description = _("A person in a body, on behalf of an organisation, for a time.")


class SourceBlock(blocks.StructBlock):
    url = SynchronisedCharBlock(max_length=2000, label=_("Web address"))
    title = LocalizedTextBlock(label=_("Title"))
    as_of = PartialDateBlock(label=_("Read on"))
    locals().update(core_children(core.Source, ("diary_number",)))

    class Meta:
        icon = "link-external"
        label = _("Source")


#: The structure page's content: one block type per core collection, keyed by the
#: collection it fills. Order within a collection is the order of the blocks.
DATA_BLOCKS: dict[str, tuple[str, type[blocks.Block]]] = {
    "bodies": ("body", BodyBlock),
    "collaborations": ("collaboration", CollaborationBlock),
    "agreements": ("agreement", AgreementBlock),
    "plans": ("plan", PlanBlock),
    "interest_areas": ("interest_area", InterestAreaBlock),
    "event_series": ("event_series", EventSeriesBlock),
    "events": ("event", EventBlock),
    "representations": ("representation", RepresentationBlock),
    "funding": ("funding", FundingBlock),
}


class StructureContentBlock(blocks.StreamBlock):
    body = BodyBlock()
    collaboration = CollaborationBlock()
    agreement = AgreementBlock()
    plan = PlanBlock()
    interest_area = InterestAreaBlock()
    event = EventBlock()
    representation = RepresentationBlock()
    event_series = EventSeriesBlock()
    funding = FundingBlock()


# ------------------------------------------------------------ display blocks
#
# Blocks for a host site's own pages: each shows part of a published structure
# page, rendered by the core (``templatetags.kultursamverkan``); the templates add
# only layout. Their API representation is the core's data, not page ids.


def heading_level_choices() -> list[tuple[str, str]]:
    return [(str(n), _("Level %(level)d (h%(level)d)") % {"level": n}) for n in range(2, 7)]


def block_language(context: Any) -> str:
    """The language to render in: the host page's locale, else the template's ``lang``, else the active one."""
    context = context or {}
    page = context.get("page")
    code = getattr(getattr(page, "locale", None), "language_code", None) or context.get("lang") or get_language()
    return i18n.normalize_lang(code or "sv")


def sample_structure() -> Structure:
    """A small made-up structure for the editor's block previews, in both languages."""
    return converter.structure(
        {
            "id": "exempel",
            "name": {"sv": "Kultursamverkan i Region Exempel", "en": "Culture collaboration in Region Exempel"},
            "region": {"id": "region-exempel", "name": {"sv": "Region Exempel"}, "municipality_count": 6},
            "as_of": "2025",
            "organisations": [{"id": "exempelby", "name": {"sv": "Exempelby kommun"}, "kind": "municipality"}],
            "people": [{"id": "anna", "name": "Anna Andersson", "party": "S"}],
            "bodies": [
                {
                    "id": "politiskt-samrad",
                    "name": {"sv": "Politiskt samråd", "en": "Political consultation"},
                    "kind": "consultation",
                    "tier": "political",
                    "participants": ["elected_representatives"],
                    "cadence": {"kind": "count", "times": 2, "per": "year"},
                },
                {
                    "id": "styrgrupp",
                    "name": {"sv": "Styrgrupp för kultur", "en": "Steering group for culture"},
                    "kind": "steering_group",
                    "tier": "strategic",
                    "participants": ["heads_of_administration"],
                    "cadence": {"kind": "count", "times": 4, "per": "year"},
                    "relations": [{"type": "reports_to", "target": "politiskt-samrad"}],
                },
            ],
            "representations": [
                {"person": "anna", "body": "politiskt-samrad", "on_behalf_of": "exempelby", "role": "chair"}
            ],
        }
    )


def shown_structure_page(page: Any, context: Any = None) -> Any:
    """The chosen structure page as readers may see it, or None: published, public, in the reader's locale.

    The reader's locale is the host page's, else the active language's (an API request).
    The chosen page's translation into it is shown when that is published and public;
    otherwise the chosen page itself, if it is. Its row holds the published content.
    """
    from wagtail.models import Locale

    from .models import StructurePage

    code = getattr(getattr((context or {}).get("page"), "locale", None), "language_code", None)
    locale = (Locale.objects.filter(language_code=code).first() if code else None) or Locale.get_active()
    visible = StructurePage.objects.live().public()
    translation = visible.filter(translation_key=page.translation_key, locale=locale).first()
    return translation or visible.filter(pk=page.pk).first()


class StructureDisplayBlock(blocks.StructBlock):
    """Shows part of a structure page; subclasses say which part."""

    page = blocks.PageChooserBlock(
        page_type="wagtail_kultursamverkan.StructurePage", label=_("Structure"), required=True
    )
    heading = LocalizedTextBlock(
        label=_("Heading"), help_text=_("Leave empty for the standard heading in the page's language.")
    )
    heading_level = blocks.ChoiceBlock(
        choices=heading_level_choices,
        default="2",
        label=_("Heading level"),
        help_text=_("The level that fits where the block sits in the page's outline."),
    )
    hide_heading = blocks.BooleanBlock(
        required=False,
        label=_("Heading for screen readers only"),
        help_text=_("Hides the heading visually but keeps it for screen readers and their list of headings."),
    )

    def structure(self, value: blocks.StructValue, context: Any = None) -> Structure | None:
        page = value.get("page")
        if page is None:
            return sample_structure() if (context or {}).get("ks_preview") else None
        page = shown_structure_page(page, context)
        return page.structure() if page is not None else None

    def heading_text(self, value: blocks.StructValue, lang: str) -> str | None:
        heading = value.get("heading") or {}
        other = "en" if lang == "sv" else "sv"
        return (heading.get(lang) or heading.get(other) or "").strip() or None

    def render_html(self, structure: Structure, value: blocks.StructValue, lang: str) -> str:
        raise NotImplementedError

    def get_context(self, value: blocks.StructValue, parent_context: Any = None) -> dict[str, Any]:
        context = super().get_context(value, parent_context=parent_context)
        lang = block_language(parent_context)
        structure = self.structure(value, parent_context)
        context.update(ks_lang=lang, ks_structure=structure)
        context["ks_html"] = mark_safe(self.render_html(structure, value, lang)) if structure is not None else ""  # noqa: S308
        return context

    def get_preview_context(self, value: Any, parent_context: Any = None) -> dict[str, Any]:
        context = dict(super().get_preview_context(value, parent_context=parent_context))
        context["ks_preview"] = True
        return context

    def api_data(self, structure: Structure, value: blocks.StructValue) -> dict[str, Any]:
        raise NotImplementedError

    def get_api_representation(self, value: blocks.StructValue, context: Any = None) -> dict[str, Any] | None:
        structure = self.structure(value)
        if structure is None:
            return None
        return {
            "structure": {
                "id": structure.id,
                "name": converter.unstructure(structure.name),
                "as_of": str(structure.as_of),
            },
            "heading": self.heading_text(value, "sv") or self.heading_text(value, "en"),
            "heading_level": int(value.get("heading_level") or 2),
            **self.api_data(structure, value),
        }

    def level(self, value: blocks.StructValue) -> int:
        return int(value.get("heading_level") or 2)

    class Meta:
        preview_value = {"heading_level": "2"}


class StructureOverviewBlock(StructureDisplayBlock):
    """Every body of a structure, grouped by tier, as the core renders them."""

    def render_html(self, structure: Structure, value: blocks.StructValue, lang: str) -> str:
        from .templatetags.kultursamverkan import bodies_html

        return bodies_html(
            structure, lang, self.level(value), self.heading_text(value, lang), bool(value.get("hide_heading"))
        )

    def api_data(self, structure: Structure, value: blocks.StructValue) -> dict[str, Any]:
        return {"bodies": [converter.unstructure(b) for b in structure.bodies]}

    class Meta:
        icon = "list-ul"
        template = "wagtail_kultursamverkan/blocks/structure_overview.html"
        label = _("Structure overview")
        description = _("All collaboration bodies of a structure, grouped by political, strategic and other tiers.")
        preview_value = {"heading_level": "2"}
        preview_template = PREVIEW_TEMPLATE
        form_layout = blocks.BlockGroup(children=["page", "heading"], settings=["heading_level", "hide_heading"])


class StructureDiagramBlock(StructureDisplayBlock):
    """The structure as an SVG diagram, with its text alternative for those who cannot see it."""

    show_text_alternative = blocks.BooleanBlock(
        required=False,
        default=True,
        label=_("Show the diagram's description"),
        help_text=_("A disclosure under the diagram that says in words what it shows."),
    )

    def render_html(self, structure: Structure, value: blocks.StructValue, lang: str) -> str:
        import kultursamverkan

        return kultursamverkan.export(structure, format="svg", lang=lang)

    def get_context(self, value: blocks.StructValue, parent_context: Any = None) -> dict[str, Any]:
        from kultursamverkan.diagram import text_alternative

        context = super().get_context(value, parent_context=parent_context)
        structure, lang = context["ks_structure"], context["ks_lang"]
        if structure is not None:
            context["ks_heading"] = self.heading_text(value, lang) or structure.name.text(lang)
            context["ks_heading_tag"] = f"h{self.level(value)}"
            context["ks_text_alternative"] = text_alternative(structure, lang).splitlines()
        return context

    def api_data(self, structure: Structure, value: blocks.StructValue) -> dict[str, Any]:
        import kultursamverkan
        from kultursamverkan.diagram import text_alternative

        return {
            "svg": {lang: kultursamverkan.export(structure, format="svg", lang=lang) for lang in i18n.LANGUAGES},
            "text_alternative": {lang: text_alternative(structure, lang) for lang in i18n.LANGUAGES},
        }

    class Meta:
        icon = "image"
        template = "wagtail_kultursamverkan/blocks/structure_diagram.html"
        label = _("Structure diagram")
        description = _("A diagram of the bodies and how they relate, with a description in words.")
        preview_value = {"heading_level": "2", "show_text_alternative": True}
        preview_template = PREVIEW_TEMPLATE
        form_layout = blocks.BlockGroup(
            children=["page", "heading"], settings=["heading_level", "hide_heading", "show_text_alternative"]
        )


class RepresentativesBlock(StructureDisplayBlock):
    """Who sits in the structure's bodies, body by body, in the core's wording."""

    bodies = blocks.ListBlock(
        IdBlock(label=_("Body (id)")),
        default=[],
        label=_("Only these bodies"),
        help_text=_("Leave empty to list the representatives of every body."),
    )

    def render_html(self, structure: Structure, value: blocks.StructValue, lang: str) -> str:
        from .templatetags.kultursamverkan import representatives_html

        return representatives_html(
            structure,
            lang,
            self.level(value),
            self.heading_text(value, lang),
            tuple(value.get("bodies") or ()),
            bool(value.get("hide_heading")),
        )

    def api_data(self, structure: Structure, value: blocks.StructValue) -> dict[str, Any]:
        only = set(value.get("bodies") or ())
        reps = [r for r in structure.representations if not only or r.body in only]
        index = structure.by_id()
        return {
            "representations": [
                {
                    **converter.unstructure(r),
                    "person": converter.unstructure(index[r.person]),
                    "body": {"id": r.body, "name": converter.unstructure(index[r.body].name)},  # type: ignore[attr-defined]
                    **(
                        {"on_behalf_of": converter.unstructure(index[r.on_behalf_of])}
                        if r.on_behalf_of and r.on_behalf_of in index
                        else {}
                    ),
                }
                for r in reps
            ]
        }

    class Meta:
        icon = "user"
        template = "wagtail_kultursamverkan/blocks/representatives.html"
        label = _("Representatives")
        description = _("The people in a structure's bodies and whom they represent.")
        preview_value = {"heading_level": "2"}
        preview_template = PREVIEW_TEMPLATE
        form_layout = blocks.BlockGroup(
            children=["page", "heading", "bodies"], settings=["heading_level", "hide_heading"]
        )


#: Ready-made blocks for a host site's StreamField:
#: ``body = StreamField(KULTURSAMVERKAN_BLOCKS)`` or ``[*your_blocks, *KULTURSAMVERKAN_BLOCKS]``.
KULTURSAMVERKAN_BLOCKS: list[tuple[str, blocks.Block]] = [
    ("kultursamverkan_overview", StructureOverviewBlock()),
    ("kultursamverkan_diagram", StructureDiagramBlock()),
    ("kultursamverkan_representatives", RepresentativesBlock()),
]
