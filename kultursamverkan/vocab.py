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
    #: The chair and vice chair(s) of a body or committee (presidium).
    PRESIDIUM = "presidium"
    #: Prepares matters for decision (beredning, beredningsgrupp).
    PREPARATORY_GROUP = "preparatory_group"
    #: A committee of a regional or municipal council (nämnd), distinct from a working committee.
    COUNCIL_COMMITTEE = "council_committee"
    #: A working committee (arbetsutskott, AU).
    WORKING_COMMITTEE = "working_committee"
    REFERENCE_GROUP = "reference_group"
    #: An umbrella structure made of several bodies.
    UMBRELLA = "umbrella"
    PROJECT = "project"
    #: The source does not say what kind of body it is.
    UNKNOWN = "unknown"


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
    NON_PROFESSIONAL_PRACTITIONERS = "non_professional_practitioners"
    AMATEUR_CULTURE = "amateur_culture"
    #: Det fria kulturlivet.
    INDEPENDENT_ARTS_SECTOR = "independent_arts_sector"
    #: Kulturkonsulenter.
    CULTURE_CONSULTANTS = "culture_consultants"
    #: Kulturutvecklare.
    CULTURE_DEVELOPERS = "culture_developers"
    PARTY_REPRESENTATIVES = "party_representatives"
    ASSOCIATIONS_OF_MUNICIPALITIES = "associations_of_municipalities"
    REGIONAL_BOARDS = "regional_boards"
    COUNTY_ADMINISTRATIVE_BOARDS = "county_administrative_boards"
    UMBRELLA_ORGANISATIONS = "umbrella_organisations"
    DISABILITY_ORGANISATIONS = "disability_organisations"
    PENSIONERS_ORGANISATIONS = "pensioners_organisations"
    ETHNIC_ORGANISATIONS = "ethnic_organisations"
    YOUTH_ORGANISATIONS = "youth_organisations"


class RelationType(Vocabulary):
    """How a body stands to another body, organisation or collaboration."""

    STEERING_GROUP_FOR = "steering_group_for"
    PART_OF = "part_of"
    REPORTS_TO = "reports_to"
    COLLABORATES_WITH = "collaborates_with"
    #: Works to carry out a plan or strategy (the target is a plan id).
    IMPLEMENTS = "implements"
    REFERENCE_GROUP_FOR = "reference_group_for"
    #: Is consulted on, or gives its views on, a plan or agreement (remiss, samråd).
    CONSULTED_ON = "consulted_on"
    #: Prepares matters for another body or organisation, without power to decide.
    PREPARES_FOR = "prepares_for"
    DRAFTS = "drafts"
    #: Plans or organises an event or event series.
    ORGANISES = "organises"
    #: Follows up a plan, agreement, body or event (``Relation.at``: where it is followed up).
    FOLLOWS_UP = "follows_up"
    CO_ARRANGES_WITH = "co_arranges_with"
    PREDECESSOR_OF = "predecessor_of"
    SUCCESSOR_OF = "successor_of"
    MERGED_INTO = "merged_into"


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
    #: Kommunalförbund or kommunförbund (e.g. Skånes Kommuner).
    ASSOCIATION_OF_MUNICIPALITIES = "association_of_municipalities"
    #: A regional board or committee (regionstyrelse, kulturnämnd).
    REGIONAL_BOARD = "regional_board"
    COUNTY_ADMINISTRATIVE_BOARD = "county_administrative_board"
    UMBRELLA_ORGANISATION = "umbrella_organisation"
    DISABILITY_ORGANISATION = "disability_organisation"
    PENSIONERS_ORGANISATION = "pensioners_organisation"
    ETHNIC_ORGANISATION = "ethnic_organisation"
    #: The source does not say what kind of organisation it is.
    UNKNOWN = "unknown"


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
    #: A yearly activity or operational plan (verksamhetsplan, aktivitetsplan).
    ANNUAL_ACTIVITY_PLAN = "annual_activity_plan"
    #: Kultur- och bildningsplan.
    CULTURE_AND_EDUCATION_PLAN = "culture_and_education_plan"


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


class Season(Vocabulary):
    """A season of the year: of a date ("våren 2021") or of meetings ("spring and autumn")."""

    SPRING = "spring"
    SUMMER = "summer"
    AUTUMN = "autumn"
    WINTER = "winter"


class Qualifier(Vocabulary):
    """How firmly a source states a cadence."""

    #: "som regel"
    AS_A_RULE = "as_a_rule"
    #: "normalt", "vanligtvis"
    NORMALLY = "normally"


class Phase(Vocabulary):
    """A recurring phase that a cadence is tied to."""

    #: The dialogue period before each new culture plan.
    PLAN_DIALOGUE = "plan_dialogue"
    #: While a new plan is drafted.
    PLAN_DRAFTING = "plan_drafting"
    #: Each plan period.
    PLAN_PERIOD = "plan_period"
    #: Each term of office (mandatperiod).
    TERM_OF_OFFICE = "term_of_office"


class DecisionPower(Vocabulary):
    """Whether a body decides, or only advises and prepares matters for others."""

    DECIDES = "decides"
    ADVISORY = "advisory"


class PartyStatus(Vocabulary):
    """Where a party stands with an agreement."""

    OFFERED = "offered"
    SIGNED = "signed"
    DECLINED = "declined"


class ChangeAspect(Vocabulary):
    """What a change in a body's history changed."""

    NAME = "name"
    KIND = "kind"
    COMPOSITION = "composition"
    CADENCE = "cadence"
    CHAIR = "chair"
    SECRETARIAT = "secretariat"
    STEERING_GROUP = "steering_group"
    MANDATE = "mandate"
    TIER = "tier"
    STATUS = "status"


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
    Season,
    Qualifier,
    Phase,
    DecisionPower,
    PartyStatus,
    ChangeAspect,
)
