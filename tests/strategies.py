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
    """Every precision of format 2: day, month, year, season, split year; any of them approximate."""
    year = draw(st.integers(1990, 2040))
    approximate = draw(st.booleans())
    form = draw(st.sampled_from(["day", "month", "year", "season", "split"]))
    if form == "season":
        return PartialDate(year=year, season=draw(st.sampled_from(list(v.Season))), approximate=approximate)
    if form == "split":
        return PartialDate(year=year, split_year=True, approximate=approximate)
    month = None if form == "year" else draw(st.integers(1, 12))
    day = draw(st.integers(1, 28)) if form == "day" else None
    return PartialDate(year=year, month=month, day=day, approximate=approximate)


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


seasons = st.lists(st.sampled_from(list(v.Season)), unique=True, max_size=2).map(
    lambda xs: tuple(sorted(xs, key=list(v.Season).index))
)
_form = {
    "qualifier": st.none() | st.sampled_from(list(v.Qualifier)),
    "during": st.none() | st.sampled_from(list(v.Phase)),
}


@st.composite
def intervals(draw: st.DrawFn) -> cad.Interval:
    every = draw(st.integers(1, 5))
    return cad.Interval(
        every=every,
        every_max=draw(st.none() | st.integers(every + 1, 8)),
        unit=draw(units),
        months=draw(months),
        seasons=draw(seasons),
        qualifier=draw(_form["qualifier"]),
        during=draw(_form["during"]),
    )


@st.composite
def ranges_of_forms(draw: st.DrawFn) -> cad.Range:
    r = draw(ranges())
    return cad.Range(min=r.min, max=r.max, per=r.per, qualifier=draw(_form["qualifier"]), during=draw(_form["during"]))


cadences = st.one_of(
    st.builds(
        cad.Count,
        times=st.integers(1, 52),
        per=units,
        approximate=st.booleans(),
        months=months,
        seasons=seasons,
        **_form,
    ),
    ranges_of_forms(),
    st.builds(cad.AtLeast, times=st.integers(1, 12), per=units, **_form),
    intervals(),
    st.builds(cad.AsNeeded, **_form),
    st.builds(cad.Ongoing, **_form),
    st.builds(cad.Regular, **_form),
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


# ------------------------------------------------------------ format 2's value types

diary_numbers = st.sampled_from(["RS 2019/233", "KN 2022/88", "AKTNR 2907-16298", "Dnr 12:30"])


def sources() -> st.SearchStrategy[m.Source]:
    return st.builds(
        m.Source,
        url=urls,
        title=st.none() | localized(),
        as_of=st.none() | partial_dates(),
        diary_number=st.none() | diary_numbers,
    )


@st.composite
def provenance(draw: st.DrawFn, cls: type) -> tuple[m.Provenance, ...]:
    import attrs

    names = list(attrs.fields_dict(cls))
    out = []
    for _ in range(draw(st.integers(0, 2))):
        srcs = tuple(draw(st.lists(sources(), max_size=2)))
        as_of = draw(partial_dates()) if not srcs else draw(st.none() | partial_dates())
        fields = tuple(draw(st.lists(st.sampled_from(names), unique=True, max_size=2)))
        out.append(m.Provenance(fields=fields, as_of=as_of, sources=srcs))
    return tuple(out)


@st.composite
def not_exhaustive(draw: st.DrawFn, cls: type) -> tuple[str, ...]:
    import attrs

    lists = [n for n, a in attrs.fields_dict(cls).items() if str(a.type).startswith("tuple[") and n != "not_exhaustive"]
    return tuple(draw(st.lists(st.sampled_from(lists), unique=True, max_size=2)))


@st.composite
def decisions(draw: st.DrawFn, who: st.SearchStrategy[str]) -> m.Decision:
    by = draw(st.none() | who)
    each = by is None and draw(st.booleans())
    date = draw(st.none() | partial_dates()) if (by or each) else draw(partial_dates())
    return m.Decision(by=by, by_each_member=each, date=date, diary_number=draw(st.none() | diary_numbers),
                      url=draw(st.none() | urls))  # fmt: skip


@st.composite
def seats(draw: st.DrawFn) -> m.Seats:
    count = draw(st.none() | st.integers(1, 30))
    high = draw(st.none() | st.integers(count + 1, 40)) if count else None
    subs = draw(st.integers(1, 10)) if count is None else draw(st.none() | st.integers(1, 10))
    return m.Seats(count=count, max=high, approximate=draw(st.booleans()), per_member=draw(st.booleans()),
                   substitutes=subs)  # fmt: skip


@st.composite
def appointments(draw: st.DrawFn, who: st.SearchStrategy[str]) -> m.Appointment:
    which = draw(st.sampled_from(["by", "category", "each"]))
    return m.Appointment(
        by=draw(who) if which == "by" else None,
        by_category=draw(st.sampled_from(list(v.ParticipantCategory))) if which == "category" else None,
        by_each_member=which == "each",
        term_years=draw(st.none() | st.integers(1, 6)),
        extension_years=draw(st.none() | st.integers(1, 3)),
        staggered=draw(st.booleans()),
        remuneration=draw(
            st.none()
            | st.builds(m.Remuneration, paid=st.just(True), basis=st.none() | localized(), url=st.none() | urls)
            | st.builds(m.Remuneration, paid=st.booleans(), basis=localized(), url=st.none() | urls)
        ),
    )


@st.composite
def posts(draw: st.DrawFn, who: st.SearchStrategy[str], orgs: list[str]) -> m.Post:
    which = draw(st.sampled_from(["organisation", "category", "chairs", "rotation"]))
    rotation = None
    if which == "rotation":
        between = tuple(draw(st.lists(st.sampled_from(orgs), unique=True, max_size=2))) if orgs else ()
        cats = tuple(
            draw(
                st.lists(
                    st.sampled_from(list(v.ParticipantCategory)), unique=True, min_size=2 - len(between), max_size=2
                )
            )
        )
        rotation = m.Rotation(between=between, between_categories=cats, years=draw(st.none() | st.integers(1, 4)))
    return m.Post(
        organisation=draw(who) if which == "organisation" else None,
        category=draw(st.sampled_from(list(v.ParticipantCategory))) if which == "category" else None,
        whoever_chairs=which == "chairs",
        rotation=rotation,
        appointment=draw(st.none() | appointments(who)),
        note=draw(st.none() | localized()),
    )


@st.composite
def participations(draw: st.DrawFn, orgs: list[str], events: list[str]) -> m.Participation:
    org = draw(st.none() | st.sampled_from(orgs)) if orgs else None
    who = st.sampled_from(orgs) if orgs else st.just("region")
    invited_to = None
    if draw(st.booleans()):
        invited_to = (
            m.Occasion(event=draw(st.sampled_from(events)))
            if events and draw(st.booleans())
            else m.Occasion(season=draw(st.sampled_from(list(v.Season))))
        )
    represents = None
    if draw(st.booleans()):
        represents = m.Represents(
            activity_areas=draw(enum_tuple(v.ActivityArea)),
            art_forms=tuple(draw(st.lists(localized(), min_size=1, max_size=2))),
            organisations=tuple(draw(st.lists(st.sampled_from(orgs), unique=True, max_size=1))) if orgs else (),
        )
    return m.Participation(
        organisation=org,
        category=None if org else draw(st.sampled_from(list(v.ParticipantCategory))),
        invited=invited_to is None and draw(st.booleans()),
        invited_to=invited_to,
        seats=draw(st.none() | seats()),
        appointment=draw(st.none() | appointments(who)),
        represents=represents,
        note=draw(st.none() | localized()),
    )


@st.composite
def evaluations(draw: st.DrawFn, who: st.SearchStrategy[str]) -> m.Evaluation:
    return m.Evaluation(date=draw(partial_dates()), by=draw(st.none() | who), url=draw(st.none() | urls),
                        summary=draw(st.none() | localized()))  # fmt: skip


@st.composite
def changes(draw: st.DrawFn, who: st.SearchStrategy[str]) -> m.ChangeEvent:
    return m.ChangeEvent(
        date=draw(partial_dates()),
        changed=draw(enum_tuple(v.ChangeAspect)),
        description=draw(localized()),
        cadence=draw(st.none() | cadences),
        holder=draw(st.none() | who),
    )


def identifiers() -> st.SearchStrategy[m.Identifiers]:
    return st.builds(
        m.Identifiers,
        municipality_code=st.sampled_from(["1880", "0180", "2584"]),
        organisation_number=st.none() | st.just("232100-0016"),
        wikidata=st.none() | st.sampled_from(["Q104231", "Q1"]),
    )


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
            # member_of points at earlier organisations only
            member_of=tuple(draw(st.lists(st.sampled_from(org_ids[:i]), unique=True, max_size=1))) if i else (),
            abbreviation=draw(st.none() | st.sampled_from(["EKF", "SK", "NO"])),
            alternative_names=tuple(draw(st.lists(localized(), max_size=1))),
            identifiers=draw(st.none() | identifiers()),
            mandate=tuple(draw(st.lists(localized(), max_size=1))),
            provenance=draw(provenance(m.Organisation)),
            not_exhaustive=draw(not_exhaustive(m.Organisation)),
        )
        for i, oid in enumerate(org_ids)
    ]
    actors = ["region", *org_ids]
    who = st.sampled_from(actors)
    bodies = []
    for i, bid in enumerate(body_ids):
        # part_of only points at earlier bodies: no cycles by construction.
        relations = []
        if i and draw(st.booleans()):
            relations.append(m.Relation(type=v.RelationType.PART_OF, target=body_ids[draw(st.integers(0, i - 1))]))
        if org_ids and draw(st.booleans()):
            relations.append(m.Relation(type=v.RelationType.STEERING_GROUP_FOR, target=draw(org_ref)))
        if plan_ids and draw(st.booleans()):
            kind = draw(
                st.sampled_from([v.RelationType.CONSULTED_ON, v.RelationType.DRAFTS, v.RelationType.FOLLOWS_UP])
            )
            at = (
                draw(st.none() | st.sampled_from(event_ids))
                if event_ids and kind is v.RelationType.FOLLOWS_UP
                else None
            )
            relations.append(m.Relation(type=kind, target=draw(st.sampled_from(plan_ids)), at=at))
        if i and draw(st.booleans()):
            kind = draw(st.sampled_from([v.RelationType.PREDECESSOR_OF, v.RelationType.PREPARES_FOR]))
            relations.append(m.Relation(type=kind, target=body_ids[draw(st.integers(0, i - 1))]))
        if event_ids and draw(st.booleans()):
            relations.append(m.Relation(type=v.RelationType.ORGANISES, target=draw(st.sampled_from(event_ids))))
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
                organisations=tuple(draw(st.lists(participations(org_ids, event_ids), max_size=2))),
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
                also_tiers=draw(enum_tuple(v.Tier)),
                seats=draw(st.none() | seats()),
                appointment=draw(st.none() | appointments(who)),
                target_groups=draw(enum_tuple(v.ParticipantCategory)),
                chair=draw(st.none() | posts(who, org_ids)),
                vice_chair=draw(st.none() | posts(who, org_ids)),
                secretariat=draw(st.none() | posts(who, org_ids)),
                rules_of_procedure=draw(
                    st.none()
                    | st.builds(
                        m.RulesOfProcedure,
                        adopted=decisions(who),
                        url=st.none() | urls,
                        note=st.none() | localized(),
                    )
                ),
                decision_power=draw(st.none() | st.sampled_from(list(v.DecisionPower))),
                meetings=tuple(
                    draw(
                        st.lists(
                            st.builds(
                                m.Meeting,
                                date=partial_dates(),
                                description=st.none() | localized(),
                                location=st.none() | localized(),
                                url=st.none() | urls,
                            ),
                            max_size=2,
                        )
                    )
                ),
                reporting=tuple(
                    m.ReportingDuty(
                        to=draw(who), cadence=draw(st.none() | cadences), what=draw(st.none() | localized())
                    )
                    for _ in range(draw(st.integers(0, 1)))
                ),
                founded=draw(st.none() | decisions(who)),
                planned_end=draw(st.none() | partial_dates()),
                evaluations=tuple(draw(st.lists(evaluations(who), max_size=1))),
                history=tuple(draw(st.lists(changes(who), max_size=2))),
                provenance=draw(provenance(m.Body)),
                not_exhaustive=draw(not_exhaustive(m.Body)),
            )
        )
    series_ids = _ids("series", draw(st.integers(0, 1)))
    event_series = [
        m.EventSeries(
            id=sid,
            name=draw(localized()),
            kind=draw(st.sampled_from(list(v.EventKind))),
            organisers=tuple(draw(st.lists(who, unique=True, max_size=2))),
            cadence=draw(st.none() | cadences),
            theme=draw(st.none() | localized()),
            participants=draw(enum_tuple(v.ParticipantCategory)),
            description=draw(st.none() | localized()),
            location=draw(st.none() | localized()),
            established=draw(st.none() | partial_dates()),
            url=draw(st.none() | urls),
            provenance=draw(provenance(m.EventSeries)),
            not_exhaustive=draw(not_exhaustive(m.EventSeries)),
        )
        for sid in series_ids
    ]
    events = []
    for eid in event_ids:
        attendance = draw(st.none() | st.integers(1, 500))
        events.append(
            m.Event(
                id=eid,
                name=draw(localized()),
                kind=draw(st.sampled_from(list(v.EventKind))),
                date=draw(partial_dates()),
                body=draw(st.none() | st.sampled_from(body_ids)) if body_ids else None,
                series=draw(st.none() | st.sampled_from(series_ids)) if series_ids else None,
                organisers=tuple(draw(st.lists(who, unique=True, max_size=2))),
                theme=draw(st.none() | localized()),
                attendance=attendance,
                attendance_approximate=attendance is not None and draw(st.booleans()),
                time=draw(st.none() | st.sampled_from(["18:00", "09:30–16:00", "12:30"])),
                location=draw(st.none() | localized()),
                provenance=draw(provenance(m.Event)),
                not_exhaustive=draw(not_exhaustive(m.Event)),
            )
        )
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
            extended_to=draw(st.none() | partial_dates()),
            adopted=draw(st.none() | decisions(who)),
            part_of=plan_ids[0] if j and draw(st.booleans()) else None,
            focus_areas=tuple(draw(st.lists(localized(), max_size=2))),
            evaluations=tuple(draw(st.lists(evaluations(who), max_size=1))),
            provenance=draw(provenance(m.Plan)),
            not_exhaustive=draw(not_exhaustive(m.Plan)),
        )
        for j, pid in enumerate(plan_ids)
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
                    provenance=draw(provenance(m.Person)),
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
            offered_to_each=draw(enum_tuple(v.ParticipantCategory)),
            party_status=tuple(
                m.AgreementParty(
                    party=o, status=draw(st.sampled_from(list(v.PartyStatus))), date=draw(st.none() | partial_dates())
                )
                for o in (draw(st.lists(org_ref, unique=True, max_size=2)) if org_ids else [])
            ),
            period=draw(st.none() | periods()),
            decision=draw(st.none() | decisions(who)),
            implements=draw(st.none() | st.sampled_from(plan_ids)) if plan_ids else None,
            provenance=draw(provenance(m.Agreement)),
            not_exhaustive=draw(not_exhaustive(m.Agreement)),
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
            joined=draw(st.none() | partial_dates()),
            pilot=draw(st.booleans()),
            identifiers=draw(st.none() | identifiers()),
            provenance=draw(provenance(m.Region)),
        ),
        as_of=draw(partial_dates()),
        description=draw(st.none() | localized()),
        levels=draw(enum_tuple(v.Scope)),
        sources=tuple(draw(st.lists(sources(), max_size=2))),
        organisations=tuple(orgs),
        bodies=tuple(bodies),
        collaborations=tuple(collaborations),
        agreements=tuple(agreements),
        plans=tuple(plans),
        interest_areas=tuple(
            m.InterestArea(
                id=f"area-{i}",
                name=draw(localized()),
                raised_by=draw(enum_tuple(v.ParticipantCategory)),
                provenance=draw(provenance(m.InterestArea)),
            )
            for i in range(draw(st.integers(0, 2)))
        ),
        event_series=tuple(event_series),
        events=tuple(events),
        people=tuple(people),
        representations=tuple(reps),
        funding=tuple(draw(st.lists(fundings(actors), max_size=2))),
    )


@st.composite
def fundings(draw: st.DrawFn, actors: list[str]) -> m.Funding:
    recipient = draw(st.none() | st.sampled_from(actors))
    return m.Funding(
        funder=draw(st.sampled_from(actors)),
        recipient=recipient,
        recipient_category=None if recipient else draw(st.sampled_from(list(v.ParticipantCategory))),
        year=draw(st.integers(2000, 2030)),
        amount_sek=draw(st.none() | st.integers(0, 10**9)),
        approximate=draw(st.booleans()),
        purpose=draw(st.none() | localized()),
        decision=draw(st.none() | decisions(st.sampled_from(actors))),
    )
