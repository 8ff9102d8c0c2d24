"""Controlled vocabularies.

Each enum member's *value* is the stable machine value written in data files and
exports; never rename a value, add a new member instead. Human labels live in the
gettext catalogs (``locales/``), not here, so that the wording can change without
touching data.
"""

from __future__ import annotations

from enum import Enum


class Vocabulary(str, Enum):
    """Base for all controlled vocabularies: a str-valued enum."""

    def __str__(self) -> str:
        return self.value


class Tier(Vocabulary):
    """Level of a body in a region's ladder, from the top."""

    POLITICAL = "political"
    STRATEGIC = "strategic"
    TACTICAL = "tactical"
    OPERATIVE = "operative"


class Scope(Vocabulary):
    """Geographic scope, from the smallest."""

    LOCAL = "local"
    SUBREGIONAL = "subregional"
    REGIONAL = "regional"
    INTERREGIONAL = "interregional"
    NATIONAL = "national"
    INTERNATIONAL = "international"


class BodyKind(Vocabulary):
    """What a collaboration body is. Data, never guessed from the body's name."""

    POLITICAL_FORUM = "political_forum"
    OFFICIALS_FORUM = "officials_forum"
    NETWORK = "network"
    COUNCIL = "council"
    COMMITTEE = "committee"
    CONSULTATION = "consultation"
    YOUTH_COUNCIL = "youth_council"
    DIALOGUE = "dialogue"
    DELIBERATION = "deliberation"
    WORKING_GROUP = "working_group"
    STEERING_GROUP = "steering_group"
    MEETING_PLACE = "meeting_place"
    PROGRAMME = "programme"


class BodyStatus(Vocabulary):
    PLANNED = "planned"
    ACTIVE = "active"
    DISSOLVED = "dissolved"


class Renewal(Vocabulary):
    """When a body is set up anew."""

    EACH_PLAN_PERIOD = "each_plan_period"
    EACH_TERM_OF_OFFICE = "each_term_of_office"
    ANNUALLY = "annually"


class ParticipantCategory(Vocabulary):
    """Who takes part, as a category rather than a roster."""

    ELECTED_REPRESENTATIVES = "elected_representatives"
    REGIONAL_POLITICIANS = "regional_politicians"
    MUNICIPAL_POLITICIANS = "municipal_politicians"
    PRESIDIA = "presidia"
    HEADS_OF_ADMINISTRATION = "heads_of_administration"
    DEPARTMENT_HEADS = "department_heads"
    SENIOR_OFFICIALS = "senior_officials"
    HEADS_OF_CULTURE = "heads_of_culture"
    LIBRARY_HEADS = "library_heads"
    DEVELOPMENT_LEADS = "development_leads"
    OFFICIALS = "officials"
    PROFESSIONAL_CULTURAL_CREATORS = "professional_cultural_creators"
    CIVIL_SOCIETY = "civil_society"
    NON_PROFIT_SECTOR = "non_profit_sector"
    POPULAR_EDUCATION = "popular_education"
    BUSINESS = "business"
    SPORTS_MOVEMENT = "sports_movement"
    CULTURAL_INSTITUTIONS = "cultural_institutions"
    CHILDREN_AND_YOUNG_PEOPLE = "children_and_young_people"
    NATIONAL_MINORITIES = "national_minorities"
    SAMI = "sami"
    MUNICIPALITIES = "municipalities"
    REGIONS = "regions"
    GOVERNMENT_AGENCIES = "government_agencies"


class RelationType(Vocabulary):
    """How a body stands to another body, organisation or collaboration."""

    STEERING_GROUP_FOR = "steering_group_for"
    PART_OF = "part_of"
    REPORTS_TO = "reports_to"
    COLLABORATES_WITH = "collaborates_with"
    #: Works to carry out a plan or strategy (the target is a plan id).
    IMPLEMENTS = "implements"


class OrganisationKind(Vocabulary):
    REGION = "region"
    MUNICIPALITY = "municipality"
    INSTITUTION = "institution"
    CIVIL_SOCIETY_ORGANISATION = "civil_society_organisation"
    NON_PROFIT_ORGANISATION = "non_profit_organisation"
    FEDERATION = "federation"
    YOUTH_ORGANISATION = "youth_organisation"
    GOVERNMENT_AGENCY = "government_agency"
    #: A region's or municipality's own administration (förvaltning).
    ADMINISTRATION = "administration"
    #: An elected committee or board (nämnd, beredning).
    COMMITTEE = "committee"
    NETWORK = "network"
    OTHER = "other"


class CollaborationKind(Vocabulary):
    INTERREGIONAL_PARTNERSHIP = "interregional_partnership"
    CROSS_BORDER_PROGRAMME = "cross_border_programme"
    INTERNATIONAL_EXCHANGE = "international_exchange"
    PARTNERSHIP = "partnership"


class PlanKind(Vocabulary):
    CULTURE_STRATEGY = "culture_strategy"
    REGIONAL_DEVELOPMENT_STRATEGY = "regional_development_strategy"
    CULTURE_PLAN = "culture_plan"
    ACTION_PLAN = "action_plan"
    POSITION_PAPER = "position_paper"


class PlanStatus(Vocabulary):
    IN_PREPARATION = "in_preparation"
    DRAFT = "draft"
    ADOPTED = "adopted"
    EXPIRED = "expired"


class AgreementKind(Vocabulary):
    AGREEMENT = "agreement"
    DECLARATION_OF_INTENT = "declaration_of_intent"
    ASSIGNMENT_AGREEMENT = "assignment_agreement"


class EventKind(Vocabulary):
    MEETING_PLACE = "meeting_place"
    CONFERENCE = "conference"
    MEETING = "meeting"


class Role(Vocabulary):
    """A person's role in a body."""

    MEMBER = "member"
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    SUBSTITUTE = "substitute"
    REPRESENTATIVE = "representative"
    #: An official who attends for the organisation, e.g. to report (tjänsteperson).
    OFFICIAL = "official"


class ActivityArea(Vocabulary):
    """The seven activity areas of the model (förordning 2010:2012, 8 §)."""

    THEATRE_DANCE_MUSIC = "theatre_dance_music"
    MUSEUMS = "museums"
    LIBRARIES_READING_LITERATURE = "libraries_reading_literature"
    VISUAL_ARTS_DESIGN = "visual_arts_design"
    PRIVATE_ARCHIVES = "private_archives"
    FILM = "film"
    CRAFTS = "crafts"


class NationalMinority(Vocabulary):
    """Sweden's five national minorities; the Sami are also an indigenous people."""

    JEWS = "jews"
    ROMA = "roma"
    SAMI = "sami"
    SWEDEN_FINNS = "sweden_finns"
    TORNEDALIANS = "tornedalians"


class TimeUnit(Vocabulary):
    """The period a cadence counts in."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    TERM = "term"
    YEAR = "year"


#: Every vocabulary, for catalogs, schema and tests.
VOCABULARIES: tuple[type[Vocabulary], ...] = (
    Tier,
    Scope,
    BodyKind,
    BodyStatus,
    Renewal,
    ParticipantCategory,
    RelationType,
    OrganisationKind,
    CollaborationKind,
    PlanKind,
    PlanStatus,
    AgreementKind,
    EventKind,
    Role,
    ActivityArea,
    NationalMinority,
    TimeUnit,
)
