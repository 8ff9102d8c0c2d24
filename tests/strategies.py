"""Hypothesis strategies that build valid structures, references included.

Text deliberately includes what trips file formats: YAML 1.1 words (``NO``, ``on``),
times (``12:30``), octal-looking and float-looking numbers, quotes, colons, leading
spaces, newlines, Swedish and Sami letters, and HTML.
"""

from __future__ import annotations

import string

from hypothesis import strategies as st

from kultursamverkan import cadence as cad
from kultursamverkan import model as m
from kultursamverkan import vocab as v
from kultursamverkan.values import LocalizedText, PartialDate, Period

TRAPS = [
    "NO",
    "no",
    "On",
    "yes",
    "null",
    "~",
    "12:30",
    "012345",
    "1.10",
    "0x1F",
    "1e3",
    "2019-11-14",
    "- item",
    "key: value",
    "#comment",
    "'quoted'",
    '"dq"',
    "Sáminuorra",
    "Örebro län",
    "</script><script>alert(1)</script>",
    "a\nb",
    " leading",
    "trailing ",
    "[list]",
    "{map}",
    "&anchor",
    "*alias",
    "!tag",
    "%",
    "@",
    "`",
]

# Printable text without surrogates and control characters other than newline and tab.
_chars = st.characters(
    blacklist_categories=("Cs", "Cc", "Co", "Cn"),
    blacklist_characters="\u2028\u2029\ufeff\x85",
)
plain_text = st.text(_chars | st.sampled_from(["\n", "\t"]), min_size=1, max_size=40).filter(lambda s: s.strip() != "")
text = st.one_of(st.sampled_from(TRAPS), plain_text)


@st.composite
def localized(draw: st.DrawFn) -> LocalizedText:
    sv = draw(st.none() | text)
    en = draw(text if sv is None else st.none() | text)
    return LocalizedText(sv=sv, en=en)


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    year = draw(st.integers(1990, 2040))
    month = draw(st.none() | st.integers(1, 12))
    day = None if month is None else draw(st.none() | st.integers(1, 28))
    return PartialDate(year=year, month=month, day=day)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = draw(st.none() | partial_dates())
    end = draw(st.none() | partial_dates()) if start is not None else draw(partial_dates())
    if start is not None and end is not None and end.latest() < start.earliest():
        start, end = end, start
        if end.latest() < start.earliest():
            end = None
    return Period(start=start, end=end)


months = st.lists(st.integers(1, 12), unique=True, max_size=4).map(lambda xs: tuple(sorted(xs)))
units = st.sampled_from(list(v.TimeUnit))


@st.composite
def ranges(draw: st.DrawFn) -> cad.Range:
    low = draw(st.integers(1, 20))
    return cad.Range(min=low, max=draw(st.integers(low + 1, 30)), per=draw(units))


cadences = st.one_of(
    st.builds(cad.Count, times=st.integers(1, 52), per=units, approximate=st.booleans(), months=months),
    ranges(),
    st.builds(cad.AtLeast, times=st.integers(1, 12), per=units),
    st.builds(cad.Interval, every=st.integers(1, 5), unit=units, months=months),
    st.just(cad.AsNeeded()),
    st.just(cad.Ongoing()),
    st.just(cad.Regular()),
    st.lists(partial_dates(), min_size=1, max_size=4, unique_by=lambda d: d.isoformat()).map(
        lambda ds: cad.Dates(dates=tuple(ds))
    ),
)

_slug_chars = string.ascii_lowercase + string.digits


def enum_tuple(enum: type) -> st.SearchStrategy[tuple]:
    return st.lists(st.sampled_from(list(enum)), unique=True, max_size=3).map(tuple)


def _ids(prefix: str, n: int) -> list[str]:
    return [f"{prefix}-{i}" for i in range(n)]


urls = st.sampled_from(["https://example.org/", "https://www.regionhalland.se/kultur?a=1&b=2"])


@st.composite
def structures(draw: st.DrawFn) -> m.Structure:
    orgs_n, bodies_n = draw(st.integers(0, 4)), draw(st.integers(0, 5))
    org_ids, body_ids = _ids("org", orgs_n), _ids("body", bodies_n)
    plan_ids, event_ids, person_ids = _ids("plan", draw(st.integers(0, 2))), _ids("event", draw(st.integers(0, 2))), []
    org_ref = st.sampled_from(org_ids) if org_ids else st.nothing()

    orgs = [
        m.Organisation(
            id=oid,
            name=draw(localized()),
            kind=draw(st.sampled_from(list(v.OrganisationKind))),
            minorities=draw(enum_tuple(v.NationalMinority)),
            former_names=tuple(draw(st.lists(localized(), max_size=1))),
            url=draw(st.none() | urls),
        )
        for oid in org_ids
    ]
    bodies = []
    for i, bid in enumerate(body_ids):
        # part_of only points at earlier bodies: no cycles by construction.
        relations = []
        if i and draw(st.booleans()):
            relations.append(m.Relation(type=v.RelationType.PART_OF, target=body_ids[draw(st.integers(0, i - 1))]))
        if org_ids and draw(st.booleans()):
            relations.append(m.Relation(type=v.RelationType.STEERING_GROUP_FOR, target=draw(org_ref)))
        bodies.append(
            m.Body(
                id=bid,
                name=draw(localized()),
                kind=draw(st.sampled_from(list(v.BodyKind))),
                tier=draw(st.none() | st.sampled_from(list(v.Tier))),
                scope=draw(st.none() | st.sampled_from(list(v.Scope))),
                description=draw(st.none() | localized()),
                participants=draw(enum_tuple(v.ParticipantCategory)),
                participants_note=draw(st.none() | localized()),
                organisations=tuple(
                    m.OrganisationParticipation(organisation=o, invited=draw(st.booleans()))
                    for o in draw(st.lists(org_ref, unique=True, max_size=2))
                )
                if org_ids
                else (),
                convener=draw(st.none() | org_ref) if org_ids else None,
                cadence=draw(st.none() | cadences),
                instances=draw(st.none() | st.integers(1, 9)),
                mandate=tuple(draw(st.lists(localized(), max_size=3))),
                established=draw(st.none() | st.just(PartialDate(year=2000))),
                renewal=draw(st.none() | st.sampled_from(list(v.Renewal))),
                permanent=draw(st.booleans()),
                status=draw(st.sampled_from(list(v.BodyStatus))),
                relations=tuple(relations),
                activity_areas=draw(enum_tuple(v.ActivityArea)),
            )
        )
    events = [
        m.Event(
            id=eid,
            name=draw(localized()),
            kind=draw(st.sampled_from(list(v.EventKind))),
            date=draw(partial_dates()),
            body=draw(st.none() | st.sampled_from(body_ids)) if body_ids else None,
        )
        for eid in event_ids
    ]
    plans = [
        m.Plan(
            id=pid,
            name=draw(localized()),
            kind=draw(st.sampled_from(list(v.PlanKind))),
            status=draw(st.sampled_from(list(v.PlanStatus))),
            period=draw(st.none() | periods()),
            goals=tuple(
                m.Goal(
                    text=draw(localized()),
                    focus_areas=tuple(draw(st.lists(localized(), max_size=2))),
                    target_groups=tuple(draw(st.lists(localized(), max_size=2))),
                )
                for _ in range(draw(st.integers(0, 3)))
            ),
            milestones=tuple(
                m.Milestone(
                    date=draw(partial_dates()),
                    description=draw(localized()),
                    event=draw(st.none() | st.sampled_from(event_ids)) if event_ids else None,
                )
                for _ in range(draw(st.integers(0, 2)))
            ),
        )
        for pid in plan_ids
    ]
    people, reps = [], []
    if body_ids and draw(st.booleans()):
        person_ids = _ids("person", draw(st.integers(1, 2)))
        for pid in person_ids:
            people.append(
                m.Person(
                    id=pid,
                    name=draw(plain_text),
                    title=draw(st.none() | localized()),
                    party=draw(st.none() | st.sampled_from(["S", "M", "KD"])),
                )
            )
            reps.append(
                m.Representation(
                    person=pid,
                    body=draw(st.sampled_from(body_ids)),
                    on_behalf_of=draw(st.none() | org_ref) if org_ids else None,
                    role=draw(st.sampled_from(list(v.Role))),
                    start=draw(st.none() | st.just(PartialDate(year=2020, month=1))),
                )
            )
    collaborations = [
        m.Collaboration(
            id="collab-0",
            name=draw(localized()),
            kind=draw(st.sampled_from(list(v.CollaborationKind))),
            scope=draw(st.sampled_from(list(v.Scope))),
            members=tuple(draw(st.lists(org_ref, unique=True, max_size=3))) if org_ids else (),
            documents=tuple(plan_ids[:1]),
        )
    ] * draw(st.integers(0, 1))
    agreements = [
        m.Agreement(
            id="agreement-0",
            name=draw(localized()),
            parties=tuple(org_ids[:2]),
            party_categories=draw(enum_tuple(v.ParticipantCategory)),
            date=draw(st.none() | partial_dates()),
            purpose=draw(st.none() | localized()),
            description=draw(st.none() | localized()),
        )
    ] * draw(st.integers(0, 1))
    return m.Structure(
        id="structure",
        name=draw(localized()),
        region=m.Region(
            id="region",
            name=draw(localized()),
            county_code=draw(st.none() | st.sampled_from(["01", "13", "25"])),
            municipality_count=draw(st.none() | st.integers(1, 49)),
        ),
        as_of=draw(partial_dates()),
        description=draw(st.none() | localized()),
        levels=draw(enum_tuple(v.Scope)),
        sources=tuple(
            m.Source(url=u, title=draw(st.none() | localized()), as_of=draw(st.none() | partial_dates()))
            for u in draw(st.lists(urls, max_size=2))
        ),
        organisations=tuple(orgs),
        bodies=tuple(bodies),
        collaborations=tuple(collaborations),
        agreements=tuple(agreements),
        plans=tuple(plans),
        interest_areas=tuple(
            m.InterestArea(id=f"area-{i}", name=draw(localized()), raised_by=draw(enum_tuple(v.ParticipantCategory)))
            for i in range(draw(st.integers(0, 2)))
        ),
        events=tuple(events),
        people=tuple(people),
        representations=tuple(reps),
    )
