"""The one rule of persons and leads, worked out on paper: `Identities` and the folder's walk."""

from datetime import UTC, datetime, timedelta

import polars as pl

from scoreline.analytics.repeats import (
    Identities,
    Match,
    contact_keys,
    first_inquiry,
    person_ids,
)

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    return START + timedelta(days=n)


def walk(rows: list[tuple[str | None, str | None, float]]) -> list[int]:
    """The opener of each row (phone, email, day) at one dealer, by the folder's walk."""
    frame = pl.DataFrame(
        {
            "dealer": ["noord"] * len(rows),
            "phone": [r[0] for r in rows],
            "email": [r[1] for r in rows],
            "received_at": [day(r[2]) for r in rows],
        }
    )
    return first_inquiry(frame, person_ids(frame), 30).tolist()


def test_a_chain_by_email_then_phone_is_one_person_and_one_lead():
    # A and B share an e-mail, B and C a phone: one person, B and C repeat A
    assert walk([("+311", "a@x.nl", 0), ("+312", "a@x.nl", 3), ("+312", None, 5)]) == [0, 0, 0]


def test_the_window_runs_from_the_first_inquiry_whatever_came_between():
    rows = [("+311", None, 0), ("+311", None, 29), ("+311", None, 31), ("+311", None, 60)]
    assert walk(rows) == [0, 0, 2, 2]


def test_a_lead_opened_before_the_link_was_known_stays_a_lead():
    # C by phone alone on day 2 is someone new; D on day 4 shows A and C are one person and
    # repeats the earliest of their leads; E (C's phone, day 31) falls in C's window only
    rows = [
        ("+311", "a@x.nl", 0),
        ("+312", None, 2),
        ("+312", "a@x.nl", 4),
        ("+312", None, 31),
    ]
    assert walk(rows) == [0, 1, 0, 1]


def test_an_inquiry_that_meets_two_persons_joins_them_and_names_the_oldest():
    identities: Identities[str, str] = Identities()
    identities.know("anna", contact_keys(1, ["+311"], []), [(day(0), "lead-anna")])
    identities.know("ans", contact_keys(1, [], ["a@x.nl"]), [(day(10), "lead-ans")])
    both = contact_keys(1, ["+311"], ["a@x.nl"])
    found = identities.match(both, day(12))
    assert (found.person, found.absorbed, found.lead) == ("anna", ["ans"], "lead-anna")
    assert identities.match(contact_keys(1, [], ["a@x.nl"]), day(35)).person == "ans"
    identities.record(both)
    later = identities.match(contact_keys(1, [], ["a@x.nl"]), day(35))
    assert (later.person, later.absorbed, later.lead) == ("anna", [], "lead-ans")


def test_someone_new_opens_a_lead_that_the_next_inquiry_repeats_at_that_dealer_only():
    identities: Identities[str, str] = Identities()
    keys = contact_keys(1, ["+311"], [])
    assert identities.match(keys, day(0)).person is None
    identities.record(keys, new_person="anna", opened=(day(0), "lead"))
    assert identities.match(contact_keys(1, ["+311"], ["a@x.nl"]), day(30)).lead == "lead"
    assert identities.match(contact_keys(2, ["+311"], []), day(1)).person is None
    identities.record(contact_keys(1, ["+311"], ["a@x.nl"]))
    assert identities.match(contact_keys(1, [], ["a@x.nl"]), day(30.5)) == Match("anna", [], None)
