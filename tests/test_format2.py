"""Format 2's checks: relation types that must fit their targets, every problem in one report, help in errors."""

from __future__ import annotations

import pytest

import kultursamverkan
from kultursamverkan import compare
from kultursamverkan.cadence import Count
from kultursamverkan.errors import ValidationError
from kultursamverkan.values import PartialDate

HEAD = """format_version: 2
id: x
name: {sv: X}
as_of: "2020"
region: {id: r, name: {sv: R}}
"""


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        kultursamverkan.loads(HEAD + text)
    return [(p.location, p.message) for p in caught.value.problems]


def test_a_body_part_of_a_plan_is_an_error() -> None:
    found = problems(
        """bodies:
  - {id: b, name: {sv: B}, kind: network, relations: [{type: part_of, target: p}]}
plans:
  - {id: p, name: {sv: P}, kind: culture_plan}
"""
    )
    assert found == [
        (
            "line 7, $.bodies[0].relations[0].target",
            "'p' must refer to a body or an organisation or the region or a collaboration, not a plan",
        )
    ]


@pytest.mark.parametrize(
    ("relation", "target", "ok"),
    [
        ("consulted_on", "p", True),
        ("consulted_on", "b2", False),
        ("organises", "s", True),
        ("organises", "p", False),
        ("follows_up", "s", True),
        ("predecessor_of", "b2", True),
        ("predecessor_of", "r", False),
        ("prepares_for", "r", True),
        ("drafts", "p", True),
        ("drafts", "s", False),
    ],
)
def test_each_relation_type_fits_its_targets(relation: str, target: str, ok: bool) -> None:
    text = f"""bodies:
  - {{id: b, name: {{sv: B}}, kind: network, relations: [{{type: {relation}, target: {target}}}]}}
  - {{id: b2, name: {{sv: B2}}, kind: network}}
plans:
  - {{id: p, name: {{sv: P}}, kind: culture_plan}}
event_series:
  - {{id: s, name: {{sv: S}}, kind: meeting_place}}
"""
    if ok:
        kultursamverkan.loads(HEAD + text)
    else:
        assert next(m for _, m in problems(text)).startswith(f"'{target}' must refer to")


def test_shape_and_cross_object_problems_come_in_one_report() -> None:
    found = problems(
        """bodies:
  - {id: b, name: {sv: B}, kind: netwrk}
  - {id: c, name: {sv: C}, kind: network, relations: [{type: reports_to, target: nowhere}, {type: part_of, target: b}]}
events:
  - {id: e, name: {sv: E}, kind: meeting, date: "2020-13", organisers: [c]}
"""
    )
    where = [w for w, _ in found]
    # the shape problems …
    assert "line 7, $.bodies[0].kind" in where
    assert "line 10, $.events[0].date" in where
    # … and, in the same report, the dangling reference of an object that did parse; the relation
    # to 'b' is not reported, for 'b' exists though it did not parse
    assert (
        "line 8, $.bodies[1].relations[0].target",
        "there is nothing with the id 'nowhere' in this structure; check the id",
    ) in found
    assert not any("'b'" in m for _, m in found)


def test_an_unknown_key_names_the_allowed_ones_and_suggests_the_closest() -> None:
    [(where, message)] = problems("bodies:\n  - {id: b, name: {sv: B}, kind: network, cadense: {kind: as_needed}}\n")
    assert where == "line 7, $.bodies[0].cadense"
    assert message.startswith(
        "there is no such field; did you mean 'cadence'? The fields here are: id, name, kind, tier,"
    )


def test_an_unknown_enum_value_suggests_the_closest() -> None:
    [(_, message)] = problems("bodies:\n  - {id: b, name: {sv: B}, kind: network, tier: strategik}\n")
    assert message.endswith("here is a text ('strategik'). Did you mean 'strategic'?")
    [(_, message)] = problems("bodies:\n  - {id: b, name: {sv: B}, kind: network, cadence: {kind: as_neded}}\n")
    assert "Did you mean 'as_needed'?" in message
    [(_, message)] = problems(
        "bodies:\n  - {id: b, name: {sv: B}, kind: network, cadence: {kind: as_needed, qualifer: normally}}\n"
    )
    assert message.startswith(
        "there is no such field; did you mean 'qualifier'? The fields here are: kind, qualifier, during"
    )


def test_help_in_errors_is_said_in_swedish() -> None:
    from kultursamverkan import i18n

    with pytest.raises(ValidationError) as caught:
        kultursamverkan.loads(HEAD + "bodies:\n  - {id: b, name: {sv: B}, kind: network, cadense: {kind: as_needed}}\n")
    [problem] = caught.value.problems
    assert i18n.problem_message(problem, "sv").startswith(
        "fältet finns inte i formatet; menade du 'cadence'? Fälten här är: id,"
    )


def test_not_exhaustive_and_provenance_name_real_fields() -> None:
    found = problems(
        """bodies:
  - id: b
    name: {sv: B}
    kind: network
    not_exhaustive: [participans, name]
    provenance: [{fields: [cadense], as_of: "2020"}]
"""
    )
    messages = [m for _, m in found]
    assert messages[0].startswith("'participans' is not a field here; did you mean 'participants'?")
    assert messages[1].startswith("'name' is not a field here; the fields here are:")
    assert messages[2].startswith("'cadense' is not a field here; did you mean 'cadence'?")


@pytest.mark.parametrize(
    ("text", "iso", "earliest", "latest"),
    [
        ("2021-spring", "2021-spring", "2021-01-01", "2021-06-30"),
        ("2021-autumn", "2021-autumn", "2021-08-01", "2021-12-31"),
        ("~2015", "~2015", "2014-01-01", "2016-12-31"),
        ("2023/24", "2023/24", "2023-01-01", "2024-12-31"),
        ("~2023/24", "~2023/24", "2022-01-01", "2025-12-31"),
        ("~2020-05-15", "~2020-05-15", "2019-01-01", "2021-12-31"),
    ],
)
def test_dates_at_the_precision_a_source_gives(text: str, iso: str, earliest: str, latest: str) -> None:
    date = PartialDate.parse(text)
    assert date.isoformat() == iso
    assert (str(date.earliest()), str(date.latest())) == (earliest, latest)
    assert date.as_date() is None


@pytest.mark.parametrize("text", ["2023/25", "2021-spring-01", "2021-05-spring", "~", "2021-vår", "2023/2024"])
def test_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a"):
        PartialDate.parse(text)


def test_a_bodys_own_meetings_are_not_added_to_its_cadence_in_comparisons() -> None:
    base = kultursamverkan.loads(
        HEAD + "bodies:\n  - {id: b, name: {sv: B}, kind: network, cadence: {kind: count, times: 2}}\n"
    )
    with_meetings = kultursamverkan.loads(
        HEAD
        + """bodies:
  - id: b
    name: {sv: B}
    kind: network
    cadence: {kind: count, times: 2}
    meetings: [{date: "2020-03-01"}, {date: "2020-05-01"}, {date: "2020-09-01"}]
"""
    )
    assert with_meetings.bodies[0].cadence == Count(times=2)
    for lang in ("sv", "en"):
        assert compare.compare([base], lang) == compare.compare([with_meetings], lang)


def test_a_range_of_intervals_has_no_single_repeat_frequency() -> None:
    from kultursamverkan.cadence import Interval
    from kultursamverkan.jsonld import repeat_frequency

    assert repeat_frequency(Interval(every=3)) == "P3Y"
    assert repeat_frequency(Interval(every=3, every_max=4)) is None


def test_a_plan_within_a_plan_cannot_contain_itself() -> None:
    found = problems(
        """plans:
  - {id: a, name: {sv: A}, kind: culture_plan, part_of: b}
  - {id: b, name: {sv: B}, kind: annual_activity_plan, part_of: a}
"""
    )
    assert found == [("line 7, $.plans[0].part_of", "“Part of” goes round in a circle: a → b → a")]
