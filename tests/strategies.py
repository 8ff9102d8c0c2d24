"""Hypothesis strategies that build valid structures, references included.

Text deliberately includes what trips file formats: YAML 1.1 words (``NO``, ``on``),
times (``12:30``), octal-looking and float-looking numbers, quotes, colons, leading
spaces, newlines, Swedish and Sami letters, and HTML.
"""

from __future__ import annotations

import functools
import string

from hypothesis import strategies as st

from kultursamverkan import cadence as cad
from kultursamverkan import model as m
from kultursamverkan import vocab as v
from kultursamverkan.values import LocalizedText, PartialDate, Period

# Hypothesis builds a new strategy object on every call of st.integers(…) and the like, and
# validates it on its first draw. Inside a composite that cost is paid per example, and it made
# generating a structure cost several times drawing it. These give the same object for the same
# arguments (hashable ones: tuples, not lists).
integers = functools.cache(st.integers)
sampled_from = functools.cache(st.sampled_from)
lists = functools.cache(st.lists)
booleans = st.booleans()


def enum_values(enum: type) -> st.SearchStrategy:
    """One member of ``enum``. A tuple, not a list: Hypothesis reuses a strategy only for hashable arguments."""
    return sampled_from(tuple(enum))


@functools.cache
def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """``None`` or a value, one strategy object per argument (as above)."""
    return st.none() | strategy


TRAPS = (
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
)

# Printable text without surrogates and control characters other than newline and tab.
_chars = st.characters(
    blacklist_categories=("Cs", "Cc", "Co", "Cn"),
    blacklist_characters="\u2028\u2029\ufeff\x85",
)
plain_text = st.text(_chars | sampled_from(("\n", "\t")), min_size=1, max_size=40).filter(lambda s: s.strip() != "")
text = st.one_of(sampled_from(TRAPS), plain_text)


@functools.cache
@st.composite
def localized(draw: st.DrawFn) -> LocalizedText:
    sv = draw(maybe(text))
    en = draw(text if sv is None else maybe(text))
    return LocalizedText(sv=sv, en=en)


@functools.cache
@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    """Every precision of format 2: day, month, year, season, split year; any of them approximate."""
    year = draw(integers(1990, 2040))
    approximate = draw(booleans)
    form = draw(sampled_from(("day", "month", "year", "season", "split")))
    if form == "season":
        return PartialDate(year=year, season=draw(enum_values(v.Season)), approximate=approximate)
    if form == "split":
        return PartialDate(year=year, split_year=True, approximate=approximate)
    month = None if form == "year" else draw(integers(1, 12))
    day = draw(integers(1, 28)) if form == "day" else None
    return PartialDate(year=year, month=month, day=day, approximate=approximate)


@functools.cache
@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = draw(maybe(partial_dates()))
    end = draw(maybe(partial_dates())) if start is not None else draw(partial_dates())
    if start is not None and end is not None and end.latest() < start.earliest():
        start, end = end, start
        if end.latest() < start.earliest():
            end = None
    return Period(start=start, end=end)


months = lists(integers(1, 12), unique=True, max_size=4).map(lambda xs: tuple(sorted(xs)))
units = enum_values(v.TimeUnit)


@functools.cache
@st.composite
def ranges(draw: st.DrawFn) -> cad.Range:
    low = draw(integers(1, 20))
    return cad.Range(min=low, max=draw(integers(low + 1, 30)), per=draw(units))


seasons = lists(enum_values(v.Season), unique=True, max_size=2).map(
    lambda xs: tuple(sorted(xs, key=list(v.Season).index))
)
_form = {
    "qualifier": maybe(enum_values(v.Qualifier)),
    "during": maybe(enum_values(v.Phase)),
}


@functools.cache
@st.composite
def intervals(draw: st.DrawFn) -> cad.Interval:
    every = draw(integers(1, 5))
    return cad.Interval(
        every=every,
        every_max=draw(maybe(integers(every + 1, 8))),
        unit=draw(units),
        months=draw(months),
        seasons=draw(seasons),
        qualifier=draw(_form["qualifier"]),
        during=draw(_form["during"]),
    )


@functools.cache
@st.composite
def ranges_of_forms(draw: st.DrawFn) -> cad.Range:
    r = draw(ranges())
    return cad.Range(min=r.min, max=r.max, per=r.per, qualifier=draw(_form["qualifier"]), during=draw(_form["during"]))


cadences = st.one_of(
    st.builds(
        cad.Count,
        times=integers(1, 52),
        per=units,
        approximate=booleans,
        months=months,
        seasons=seasons,
        **_form,
    ),
    ranges_of_forms(),
    st.builds(cad.AtLeast, times=integers(1, 12), per=units, **_form),
    intervals(),
    st.builds(cad.AsNeeded, **_form),
    st.builds(cad.Ongoing, **_form),
    st.builds(cad.Regular, **_form),
    lists(partial_dates(), min_size=1, max_size=4, unique_by=lambda d: d.isoformat()).map(
        lambda ds: cad.Dates(dates=tuple(ds))
    ),
)

_slug_chars = string.ascii_lowercase + string.digits


@functools.cache
def enum_tuple(enum: type) -> st.SearchStrategy[tuple]:
    return lists(enum_values(enum), unique=True, max_size=3).map(tuple)


def _ids(prefix: str, n: int) -> tuple[str, ...]:
    return tuple(f"{prefix}-{i}" for i in range(n))


urls = sampled_from(("https://example.org/", "https://www.regionhalland.se/kultur?a=1&b=2"))


# ------------------------------------------------------------ format 2's value types

diary_numbers = sampled_from(("RS 2019/233", "KN 2022/88", "AKTNR 2907-16298", "Dnr 12:30"))


@functools.cache
def sources() -> st.SearchStrategy[m.Source]:
    return st.builds(
        m.Source,
        url=urls,
        title=maybe(localized()),
        as_of=maybe(partial_dates()),
        diary_number=maybe(diary_numbers),
    )


@functools.cache
@st.composite
def provenance(draw: st.DrawFn, cls: type) -> tuple[m.Provenance, ...]:
    import attrs

    names = tuple(attrs.fields_dict(cls))
    out = []
    for _ in range(draw(integers(0, 2))):
        srcs = tuple(draw(lists(sources(), max_size=2)))
        as_of = draw(partial_dates()) if not srcs else draw(maybe(partial_dates()))
        fields = tuple(draw(lists(sampled_from(names), unique=True, max_size=2)))
        out.append(m.Provenance(fields=fields, as_of=as_of, sources=srcs))
    return tuple(out)


@functools.cache
@st.composite
def not_exhaustive(draw: st.DrawFn, cls: type) -> tuple[str, ...]:
    import attrs

    list_fields = tuple(
        n for n, a in attrs.fields_dict(cls).items() if str(a.type).startswith("tuple[") and n != "not_exhaustive"
    )
    return tuple(draw(lists(sampled_from(list_fields), unique=True, max_size=2)))


@functools.cache
@st.composite
def decisions(draw: st.DrawFn, who: st.SearchStrategy[str]) -> m.Decision:
    by = draw(maybe(who))
    each = by is None and draw(booleans)
    date = draw(maybe(partial_dates())) if (by or each) else draw(partial_dates())
    return m.Decision(by=by, by_each_member=each, date=date, diary_number=draw(maybe(diary_numbers)),
                      url=draw(maybe(urls)))  # fmt: skip


@functools.cache
@st.composite
def seats(draw: st.DrawFn) -> m.Seats:
    count = draw(maybe(integers(1, 30)))
    high = draw(maybe(integers(count + 1, 40))) if count else None
    subs = draw(integers(1, 10)) if count is None else draw(maybe(integers(1, 10)))
    return m.Seats(count=count, max=high, approximate=draw(booleans), per_member=draw(booleans),
                   substitutes=subs)  # fmt: skip


remunerations = (
    st.none()
    | st.builds(m.Remuneration, paid=st.just(True), basis=maybe(localized()), url=maybe(urls))
    | st.builds(m.Remuneration, paid=booleans, basis=localized(), url=maybe(urls))
)


@functools.cache
@st.composite
def appointments(draw: st.DrawFn, who: st.SearchStrategy[str]) -> m.Appointment:
    which = draw(sampled_from(("by", "category", "each")))
    return m.Appointment(
        by=draw(who) if which == "by" else None,
        by_category=draw(enum_values(v.ParticipantCategory)) if which == "category" else None,
        by_each_member=which == "each",
        term_years=draw(maybe(integers(1, 6))),
        extension_years=draw(maybe(integers(1, 3))),
        staggered=draw(booleans),
        remuneration=draw(remunerations),
    )


@functools.cache
@st.composite
def posts(draw: st.DrawFn, who: st.SearchStrategy[str], orgs: tuple[str, ...]) -> m.Post:
    which = draw(sampled_from(("organisation", "category", "chairs", "rotation")))
    rotation = None
    if which == "rotation":
        between = tuple(draw(lists(sampled_from(orgs), unique=True, max_size=2))) if orgs else ()
        cats = tuple(
            draw(lists(enum_values(v.ParticipantCategory), unique=True, min_size=2 - len(between), max_size=2))
        )
        rotation = m.Rotation(between=between, between_categories=cats, years=draw(maybe(integers(1, 4))))
    return m.Post(
        organisation=draw(who) if which == "organisation" else None,
        category=draw(enum_values(v.ParticipantCategory)) if which == "category" else None,
        whoever_chairs=which == "chairs",
        rotation=rotation,
        appointment=draw(maybe(appointments(who))),
        note=draw(maybe(localized())),
    )


@functools.cache
@st.composite
def participations(draw: st.DrawFn, orgs: tuple[str, ...], events: tuple[str, ...]) -> m.Participation:
    org = draw(maybe(sampled_from(orgs))) if orgs else None
    who = sampled_from(orgs) if orgs else st.just("region")
    invited_to = None
    if draw(booleans):
        invited_to = (
            m.Occasion(event=draw(sampled_from(events)))
            if events and draw(booleans)
            else m.Occasion(season=draw(enum_values(v.Season)))
        )
    represents = None
    if draw(booleans):
        represents = m.Represents(
            activity_areas=draw(enum_tuple(v.ActivityArea)),
            art_forms=tuple(draw(lists(localized(), min_size=1, max_size=2))),
            organisations=tuple(draw(lists(sampled_from(orgs), unique=True, max_size=1))) if orgs else (),
        )
    return m.Participation(
        organisation=org,
        category=None if org else draw(enum_values(v.ParticipantCategory)),
        invited=invited_to is None and draw(booleans),
        invited_to=invited_to,
        seats=draw(maybe(seats())),
        appointment=draw(maybe(appointments(who))),
        represents=represents,
        note=draw(maybe(localized())),
    )


@functools.cache
@st.composite
def evaluations(draw: st.DrawFn, who: st.SearchStrategy[str]) -> m.Evaluation:
    return m.Evaluation(date=draw(partial_dates()), by=draw(maybe(who)), url=draw(maybe(urls)),
                        summary=draw(maybe(localized())))  # fmt: skip


@functools.cache
@st.composite
def changes(draw: st.DrawFn, who: st.SearchStrategy[str]) -> m.ChangeEvent:
    return m.ChangeEvent(
        date=draw(partial_dates()),
        changed=draw(enum_tuple(v.ChangeAspect)),
        description=draw(localized()),
        cadence=draw(maybe(cadences)),
        holder=draw(maybe(who)),
    )


@functools.cache
def identifiers() -> st.SearchStrategy[m.Identifiers]:
    return st.builds(
        m.Identifiers,
        municipality_code=sampled_from(("1880", "0180", "2584")),
        organisation_number=maybe(st.just("232100-0016")),
        wikidata=maybe(sampled_from(("Q104231", "Q1"))),
    )


@st.composite
def structures(draw: st.DrawFn) -> m.Structure:
    orgs_n, bodies_n = draw(integers(0, 4)), draw(integers(0, 5))
    org_ids, body_ids = _ids("org", orgs_n), _ids("body", bodies_n)
    plan_ids, event_ids, person_ids = _ids("plan", draw(integers(0, 2))), _ids("event", draw(integers(0, 2))), ()
    org_ref = sampled_from(org_ids) if org_ids else st.nothing()

    orgs = [
        m.Organisation(
            id=oid,
            name=draw(localized()),
            kind=draw(enum_values(v.OrganisationKind)),
            minorities=draw(enum_tuple(v.NationalMinority)),
            former_names=tuple(draw(lists(localized(), max_size=1))),
            url=draw(maybe(urls)),
            # member_of points at earlier organisations only
            member_of=tuple(draw(lists(sampled_from(org_ids[:i]), unique=True, max_size=1))) if i else (),
            abbreviation=draw(maybe(sampled_from(("EKF", "SK", "NO")))),
            alternative_names=tuple(draw(lists(localized(), max_size=1))),
            identifiers=draw(maybe(identifiers())),
            mandate=tuple(draw(lists(localized(), max_size=1))),
            provenance=draw(provenance(m.Organisation)),
            not_exhaustive=draw(not_exhaustive(m.Organisation)),
        )
        for i, oid in enumerate(org_ids)
    ]
    actors = ("region", *org_ids)
    who = sampled_from(actors)
    bodies = []
    for i, bid in enumerate(body_ids):
        # part_of only points at earlier bodies: no cycles by construction.
        relations = []
        if i and draw(booleans):
            relations.append(m.Relation(type=v.RelationType.PART_OF, target=body_ids[draw(integers(0, i - 1))]))
        if org_ids and draw(booleans):
            relations.append(m.Relation(type=v.RelationType.STEERING_GROUP_FOR, target=draw(org_ref)))
        if plan_ids and draw(booleans):
            kind = draw(sampled_from((v.RelationType.CONSULTED_ON, v.RelationType.DRAFTS, v.RelationType.FOLLOWS_UP)))
            at = draw(maybe(sampled_from(event_ids))) if event_ids and kind is v.RelationType.FOLLOWS_UP else None
            relations.append(m.Relation(type=kind, target=draw(sampled_from(plan_ids)), at=at))
        if i and draw(booleans):
            kind = draw(sampled_from((v.RelationType.PREDECESSOR_OF, v.RelationType.PREPARES_FOR)))
            relations.append(m.Relation(type=kind, target=body_ids[draw(integers(0, i - 1))]))
        if event_ids and draw(booleans):
            relations.append(m.Relation(type=v.RelationType.ORGANISES, target=draw(sampled_from(event_ids))))
        bodies.append(
            m.Body(
                id=bid,
                name=draw(localized()),
                kind=draw(enum_values(v.BodyKind)),
                tier=draw(maybe(enum_values(v.Tier))),
                scope=draw(maybe(enum_values(v.Scope))),
                description=draw(maybe(localized())),
                participants=draw(enum_tuple(v.ParticipantCategory)),
                participants_note=draw(maybe(localized())),
                organisations=tuple(draw(lists(participations(org_ids, event_ids), max_size=2))),
                convener=draw(maybe(org_ref)) if org_ids else None,
                cadence=draw(maybe(cadences)),
                instances=draw(maybe(integers(1, 9))),
                mandate=tuple(draw(lists(localized(), max_size=3))),
                established=draw(maybe(st.just(PartialDate(year=2000)))),
                renewal=draw(maybe(enum_values(v.Renewal))),
                permanent=draw(booleans),
                status=draw(enum_values(v.BodyStatus)),
                relations=tuple(relations),
                activity_areas=draw(enum_tuple(v.ActivityArea)),
                also_tiers=draw(enum_tuple(v.Tier)),
                seats=draw(maybe(seats())),
                appointment=draw(maybe(appointments(who))),
                target_groups=draw(enum_tuple(v.ParticipantCategory)),
                chair=draw(maybe(posts(who, org_ids))),
                vice_chair=draw(maybe(posts(who, org_ids))),
                secretariat=draw(maybe(posts(who, org_ids))),
                rules_of_procedure=draw(
                    st.none()
                    | st.builds(
                        m.RulesOfProcedure,
                        adopted=decisions(who),
                        url=maybe(urls),
                        note=maybe(localized()),
                    )
                ),
                decision_power=draw(maybe(enum_values(v.DecisionPower))),
                meetings=tuple(
                    draw(
                        lists(
                            st.builds(
                                m.Meeting,
                                date=partial_dates(),
                                description=maybe(localized()),
                                location=maybe(localized()),
                                url=maybe(urls),
                            ),
                            max_size=2,
                        )
                    )
                ),
                reporting=tuple(
                    m.ReportingDuty(to=draw(who), cadence=draw(maybe(cadences)), what=draw(maybe(localized())))
                    for _ in range(draw(integers(0, 1)))
                ),
                founded=draw(maybe(decisions(who))),
                planned_end=draw(maybe(partial_dates())),
                evaluations=tuple(draw(lists(evaluations(who), max_size=1))),
                history=tuple(draw(lists(changes(who), max_size=2))),
                provenance=draw(provenance(m.Body)),
                not_exhaustive=draw(not_exhaustive(m.Body)),
            )
        )
    series_ids = _ids("series", draw(integers(0, 1)))
    event_series = [
        m.EventSeries(
            id=sid,
            name=draw(localized()),
            kind=draw(enum_values(v.EventKind)),
            organisers=tuple(draw(lists(who, unique=True, max_size=2))),
            cadence=draw(maybe(cadences)),
            theme=draw(maybe(localized())),
            participants=draw(enum_tuple(v.ParticipantCategory)),
            description=draw(maybe(localized())),
            location=draw(maybe(localized())),
            established=draw(maybe(partial_dates())),
            url=draw(maybe(urls)),
            provenance=draw(provenance(m.EventSeries)),
            not_exhaustive=draw(not_exhaustive(m.EventSeries)),
        )
        for sid in series_ids
    ]
    events = []
    for eid in event_ids:
        attendance = draw(maybe(integers(1, 500)))
        events.append(
            m.Event(
                id=eid,
                name=draw(localized()),
                kind=draw(enum_values(v.EventKind)),
                date=draw(partial_dates()),
                body=draw(maybe(sampled_from(body_ids))) if body_ids else None,
                series=draw(maybe(sampled_from(series_ids))) if series_ids else None,
                organisers=tuple(draw(lists(who, unique=True, max_size=2))),
                theme=draw(maybe(localized())),
                attendance=attendance,
                attendance_approximate=attendance is not None and draw(booleans),
                time=draw(maybe(sampled_from(("18:00", "09:30–16:00", "12:30")))),
                location=draw(maybe(localized())),
                provenance=draw(provenance(m.Event)),
                not_exhaustive=draw(not_exhaustive(m.Event)),
            )
        )
    plans = [
        m.Plan(
            id=pid,
            name=draw(localized()),
            kind=draw(enum_values(v.PlanKind)),
            status=draw(enum_values(v.PlanStatus)),
            period=draw(maybe(periods())),
            goals=tuple(
                m.Goal(
                    text=draw(localized()),
                    focus_areas=tuple(draw(lists(localized(), max_size=2))),
                    target_groups=tuple(draw(lists(localized(), max_size=2))),
                )
                for _ in range(draw(integers(0, 3)))
            ),
            milestones=tuple(
                m.Milestone(
                    date=draw(partial_dates()),
                    description=draw(localized()),
                    event=draw(maybe(sampled_from(event_ids))) if event_ids else None,
                )
                for _ in range(draw(integers(0, 2)))
            ),
            extended_to=draw(maybe(partial_dates())),
            adopted=draw(maybe(decisions(who))),
            part_of=plan_ids[0] if j and draw(booleans) else None,
            focus_areas=tuple(draw(lists(localized(), max_size=2))),
            evaluations=tuple(draw(lists(evaluations(who), max_size=1))),
            provenance=draw(provenance(m.Plan)),
            not_exhaustive=draw(not_exhaustive(m.Plan)),
        )
        for j, pid in enumerate(plan_ids)
    ]
    people, reps = [], []
    if body_ids and draw(booleans):
        person_ids = _ids("person", draw(integers(1, 2)))
        for pid in person_ids:
            people.append(
                m.Person(
                    id=pid,
                    name=draw(plain_text),
                    title=draw(maybe(localized())),
                    party=draw(maybe(sampled_from(("S", "M", "KD")))),
                    provenance=draw(provenance(m.Person)),
                )
            )
            reps.append(
                m.Representation(
                    person=pid,
                    body=draw(sampled_from(body_ids)),
                    on_behalf_of=draw(maybe(org_ref)) if org_ids else None,
                    role=draw(enum_values(v.Role)),
                    start=draw(maybe(st.just(PartialDate(year=2020, month=1)))),
                )
            )
    collaborations = [
        m.Collaboration(
            id="collab-0",
            name=draw(localized()),
            kind=draw(enum_values(v.CollaborationKind)),
            scope=draw(enum_values(v.Scope)),
            members=tuple(draw(lists(org_ref, unique=True, max_size=3))) if org_ids else (),
            documents=tuple(plan_ids[:1]),
        )
    ] * draw(integers(0, 1))
    agreements = [
        m.Agreement(
            id="agreement-0",
            name=draw(localized()),
            parties=tuple(org_ids[:2]),
            party_categories=draw(enum_tuple(v.ParticipantCategory)),
            date=draw(maybe(partial_dates())),
            purpose=draw(maybe(localized())),
            description=draw(maybe(localized())),
            offered_to_each=draw(enum_tuple(v.ParticipantCategory)),
            party_status=tuple(
                m.AgreementParty(party=o, status=draw(enum_values(v.PartyStatus)), date=draw(maybe(partial_dates())))
                for o in (draw(lists(org_ref, unique=True, max_size=2)) if org_ids else [])
            ),
            period=draw(maybe(periods())),
            decision=draw(maybe(decisions(who))),
            implements=draw(maybe(sampled_from(plan_ids))) if plan_ids else None,
            provenance=draw(provenance(m.Agreement)),
            not_exhaustive=draw(not_exhaustive(m.Agreement)),
        )
    ] * draw(integers(0, 1))
    return m.Structure(
        id="structure",
        name=draw(localized()),
        region=m.Region(
            id="region",
            name=draw(localized()),
            county_code=draw(maybe(sampled_from(("01", "13", "25")))),
            municipality_count=draw(maybe(integers(1, 49))),
            joined=draw(maybe(partial_dates())),
            pilot=draw(booleans),
            identifiers=draw(maybe(identifiers())),
            provenance=draw(provenance(m.Region)),
        ),
        as_of=draw(partial_dates()),
        description=draw(maybe(localized())),
        levels=draw(enum_tuple(v.Scope)),
        sources=tuple(draw(lists(sources(), max_size=2))),
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
            for i in range(draw(integers(0, 2)))
        ),
        event_series=tuple(event_series),
        events=tuple(events),
        people=tuple(people),
        representations=tuple(reps),
        funding=tuple(draw(lists(fundings(actors), max_size=2))),
    )


@functools.cache
@st.composite
def fundings(draw: st.DrawFn, actors: tuple[str, ...]) -> m.Funding:
    recipient = draw(maybe(sampled_from(actors)))
    return m.Funding(
        funder=draw(sampled_from(actors)),
        recipient=recipient,
        recipient_category=None if recipient else draw(enum_values(v.ParticipantCategory)),
        year=draw(integers(2000, 2030)),
        amount_sek=draw(maybe(integers(0, 10**9))),
        approximate=draw(booleans),
        purpose=draw(maybe(localized())),
        decision=draw(maybe(decisions(sampled_from(actors)))),
    )
