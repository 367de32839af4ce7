"""The directive's three patterns as pure rules (issue 9 §3), including what must not alert."""

from __future__ import annotations

import datetime

from thb.childprotection.rules import EventFacts, explain, families, one_address, repeated_loss, same_adult

DAY = datetime.date(2026, 10, 1)


def event(
    id,
    child,
    parents=(),
    *,
    adult="",
    kind="travel_authorisation",
    address="a1",
    purpose="not_said",
    reference="",
):
    return EventFacts(id, kind, DAY, child, tuple(parents), address, adult, purpose, reference)


def test_children_who_share_a_parent_are_one_family_even_through_half_siblings():
    events = [
        event(1, "c1", ["p1"]),
        event(2, "c2", ["p1", "p2"]),
        event(3, "c3", ["p2"]),
        event(4, "c4", ["p9"]),
    ]

    assert sorted(sorted(group) for group in families(events)) == [["c1", "c2", "c3"], ["c4"]]


def test_an_adult_with_minors_of_three_families_alerts():
    events = [
        event(1, "c1", ["p1"], adult="X"),
        event(2, "c2", ["p2"], adult="X"),
        event(3, "c3", ["p3"], adult="X"),
    ]

    finding = same_adult(events, "X", threshold=3)

    assert finding is not None
    assert (finding.count, finding.children, finding.event_ids) == (3, 3, (1, 2, 3))


def test_brothers_and_sisters_with_an_aunt_do_not_alert():
    events = [event(i, f"c{i}", ["p1", "p2"], adult="aunt") for i in range(1, 6)]

    assert same_adult(events, "aunt", threshold=3) is None


def test_the_adults_own_children_do_not_count():
    events = [
        event(1, "c1", ["X"], adult="X"),
        event(2, "c2", ["X", "p2"], adult="X"),
        event(3, "c3", ["p3"], adult="X"),
    ]

    assert same_adult(events, "X", threshold=2) is None


def test_a_school_trip_declared_with_its_reference_does_not_alert_but_one_without_does():
    declared = [
        event(i, f"c{i}", [f"p{i}"], adult="teacher", purpose="school_trip", reference="Athénée 2026/114")
        for i in range(1, 30)
    ]
    undeclared = [event(i, f"c{i}", [f"p{i}"], adult="teacher", purpose="school_trip") for i in range(1, 4)]

    assert same_adult(declared, "teacher", threshold=3) is None
    assert same_adult(undeclared, "teacher", threshold=3) is not None


def test_two_losses_for_one_child_alert_but_a_loss_and_a_passport_do_not():
    assert repeated_loss(
        [event(1, "c1", kind="loss_declaration"), event(2, "c1", kind="loss_declaration")], "c1", 2
    )
    assert not repeated_loss(
        [event(1, "c1", kind="loss_declaration"), event(2, "c1", kind="passport")], "c1", 2
    )
    assert not repeated_loss(
        [event(1, "c1", kind="loss_declaration"), event(2, "c2", kind="loss_declaration")], "c1", 2
    )


def test_four_families_at_one_address_alert_but_one_large_family_does_not():
    large = [event(i, f"c{i}", ["p1", "p2"], address="flat") for i in range(1, 9)]
    four = [event(i, f"c{i}", [f"p{i}"], address="flat") for i in range(1, 5)]

    assert one_address(large, "flat", threshold=4) is None
    finding = one_address(four, "flat", threshold=4)
    assert finding is not None and finding.count == 4


def test_an_alert_explains_itself_with_its_parameters():
    text = explain("same_adult_unrelated_minors", count=3, children=4, window_days=90, threshold=3)

    assert text.startswith("The same adult accompanied 4 minors of 3 different families within 90 days")
    assert "brothers and sisters" in text
