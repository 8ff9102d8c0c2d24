"""StreamField blocks that hold exactly the data of the core model's objects.

Child block names are the core's keys, so a block's value maps to the core's plain
data one to one (see ``convert``), and a problem the core reports at a path such as
``bodies[2].cadence.per`` can be shown at that field in the editor. References to
other objects in the structure are ids, checked by the core on save.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from kultursamverkan.model import ID_PATTERN
from kultursamverkan.values import PartialDate

from . import vocabulary as v

id_validator = RegexValidator(
    ID_PATTERN, _("Use lowercase a–z, digits and single hyphens, e.g. “strategiskt-natverk”."), "invalid_id"
)


def validate_partial_date(value: str) -> None:
    if not value:
        return
    try:
        PartialDate.parse(value)
    except ValueError:
        raise ValidationError(_("Write the date as YYYY, YYYY-MM or YYYY-MM-DD."), code="invalid_date") from None


class IdBlock(blocks.CharBlock):
    """An id in the structure's id space: the key other objects refer to."""

    def __init__(self, required: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("validators", [id_validator])
        super().__init__(required=required, **kwargs)


class PartialDateBlock(blocks.CharBlock):
    """A date known to the year, month or day."""

    def __init__(self, required: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("validators", [validate_partial_date])
        kwargs.setdefault("help_text", _("YYYY, YYYY-MM or YYYY-MM-DD"))
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
    return blocks.CharBlock(required=False, max_length=2000, label=_("Web address"), **kwargs)


def ids(label: str, **kwargs: Any) -> blocks.ListBlock:
    return blocks.ListBlock(IdBlock(label=_("Id")), label=label, default=[], **kwargs)


# --------------------------------------------------------------------- cadence


class _CountBlock(blocks.StructBlock):
    times = blocks.IntegerBlock(min_value=1, label=_("Times"))
    per = choice(v.time_unit_choices, required=True, default="year", label=_("Per"))
    approximate = blocks.BooleanBlock(required=False, label=_("Approximately"))
    months = choices(v.month_choices, label=_("Months"))

    class Meta:
        label = _("A number of times")


class _RangeBlock(blocks.StructBlock):
    min = blocks.IntegerBlock(min_value=1, label=_("At least"))
    max = blocks.IntegerBlock(min_value=1, label=_("At most"))
    per = choice(v.time_unit_choices, required=True, default="year", label=_("Per"))

    class Meta:
        label = _("Between two numbers of times")


class _AtLeastBlock(blocks.StructBlock):
    times = blocks.IntegerBlock(min_value=1, label=_("Times"))
    per = choice(v.time_unit_choices, required=True, default="year", label=_("Per"))

    class Meta:
        label = _("At least a number of times")


class _IntervalBlock(blocks.StructBlock):
    every = blocks.IntegerBlock(min_value=1, default=1, label=_("Every"))
    unit = choice(v.time_unit_choices, required=True, default="year", label=_("Unit"))
    months = choices(v.month_choices, label=_("Months"))

    class Meta:
        label = _("Once every so often")


class _DatesBlock(blocks.StructBlock):
    dates = blocks.ListBlock(PartialDateBlock(required=True), min_num=1, label=_("Dates"))

    class Meta:
        label = _("On given dates")


class CadenceBlock(blocks.StreamBlock):
    """How often a body meets: one of the core's cadence forms, chosen by its kind."""

    count = _CountBlock()
    range = _RangeBlock()
    at_least = _AtLeastBlock()
    interval = _IntervalBlock()
    as_needed = blocks.StaticBlock(label=_("As needed"), admin_text=_("Meets when there is a need."))
    ongoing = blocks.StaticBlock(label=_("Ongoing"), admin_text=_("Works continuously rather than in meetings."))
    regular = blocks.StaticBlock(label=_("Regularly"), admin_text=_("Meets regularly; no number is given."))
    dates = _DatesBlock()

    class Meta:
        required = False
        max_num = 1
        label = _("Cadence")
        icon = "date"


# ---------------------------------------------------------------- collections


class RelationBlock(blocks.StructBlock):
    type = choice(v.relation_type_choices, required=True, label=_("Relation"))
    target = IdBlock(label=_("To (id)"), help_text=_("The id of a body, organisation or collaboration."))

    class Meta:
        icon = "link"
        label = _("Relation")


class ParticipationBlock(blocks.StructBlock):
    organisation = IdBlock(label=_("Organisation (id)"))
    invited = blocks.BooleanBlock(required=False, label=_("Invited"))
    note = LocalizedTextBlock(label=_("Note"))

    class Meta:
        icon = "group"
        label = _("Participating organisation")


class BodyBlock(blocks.StructBlock):
    """A collaboration body: forum, network, council, consultation, group, …"""

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

    class Meta:
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
            ],
            settings=["established", "dissolved", "renewal", "permanent", "status"],
        )


class CollaborationBlock(blocks.StructBlock):
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

    class Meta:
        icon = "site"
        label = _("Collaboration")
        description = _("Several regions or organisations working together.")


class AgreementBlock(blocks.StructBlock):
    id = IdBlock(label=_("Id"))
    name = LocalizedTextBlock(required=True, label=_("Name"))
    kind = choice(v.agreement_kind_choices, required=True, default="agreement", label=_("Kind"))
    parties = ids(_("Parties (ids)"))
    party_categories = choices(v.participant_choices, label=_("Parties given as categories"))
    date = PartialDateBlock(label=_("Date"))
    purpose = LocalizedTextBlock(multiline=True, label=_("Purpose"))
    description = LocalizedTextBlock(multiline=True, label=_("Description"))
    url = url_block()

    class Meta:
        icon = "doc-full-inverse"
        label = _("Agreement")
        description = _("A signed agreement between the region and others.")


class PeriodBlock(blocks.StructBlock):
    start = PartialDateBlock(label=_("From"))
    end = PartialDateBlock(label=_("To"))

    class Meta:
        label = _("Period")


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


class PlanBlock(blocks.StructBlock):
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

    class Meta:
        icon = "list-ol"
        label = _("Plan")
        description = _("A strategy, culture plan, action plan or position paper, with goals and milestones.")
        form_layout = blocks.BlockGroup(
            children=["id", "name", "kind", "period", "description", "goals", "milestones", "activity_areas"],
            settings=["status", "owner", "based_on", "url"],
        )


class InterestAreaBlock(blocks.StructBlock):
    id = IdBlock(label=_("Id"))
    name = LocalizedTextBlock(required=True, label=_("Name"))
    description = LocalizedTextBlock(multiline=True, label=_("Description"))
    raised_by = choices(v.participant_choices, label=_("Raised by"))
    activity_areas = choices(v.activity_area_choices, label=_("Activity areas"))

    class Meta:
        icon = "tag"
        label = _("Interest area")


class EventBlock(blocks.StructBlock):
    id = IdBlock(label=_("Id"))
    name = LocalizedTextBlock(required=True, label=_("Name"))
    kind = choice(v.event_kind_choices, required=True, label=_("Kind"))
    date = PartialDateBlock(required=True, label=_("Date"))
    end = PartialDateBlock(label=_("End"))
    body = IdBlock(required=False, label=_("Body (id)"))
    organiser = IdBlock(required=False, label=_("Organiser (id)"))
    participants = choices(v.participant_choices, label=_("Participants"))
    description = LocalizedTextBlock(multiline=True, label=_("Description"))
    location = LocalizedTextBlock(label=_("Location"))
    url = url_block()

    class Meta:
        icon = "date"
        label = _("Event")
        description = _("A meeting place, conference or a particular meeting, with its date.")


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
    url = blocks.CharBlock(max_length=2000, label=_("Web address"))
    title = LocalizedTextBlock(label=_("Title"))
    as_of = PartialDateBlock(label=_("Read on"))

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
    "events": ("event", EventBlock),
    "representations": ("representation", RepresentationBlock),
}


class StructureContentBlock(blocks.StreamBlock):
    body = BodyBlock()
    collaboration = CollaborationBlock()
    agreement = AgreementBlock()
    plan = PlanBlock()
    interest_area = InterestAreaBlock()
    event = EventBlock()
    representation = RepresentationBlock()
