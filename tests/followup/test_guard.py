"""The guard: a lead is closed as lost only when the person was contacted, the follow-up
effort was made, or a manager of its dealer overrode the standard with a reason."""

import pytest
from django.utils import translation

from followup.clock import MONDAY_10, amsterdam
from scoreline.followup.actions import (
    close_lead_lost,
    log_activity,
    mark_won,
    record_imported_close,
    reopen,
)
from scoreline.followup.errors import FollowUpStandardNotMet, InvalidChange, OverrideNotAllowed
from scoreline.followup.models import Activity, ActivityKind
from scoreline.followup.standard import standard_status
from scoreline.leads.models import EventKind, LeadEvent, LeadStatus, LostReason, PersonContact


def _two_unanswered_calls(cast, lead, clock):
    for minute in (5, 45):
        clock.move_to(amsterdam(2025, 3, 10, 10, minute))
        log_activity(lead, "call", by=cast.bram, outcome="no_answer")


def test_it_refuses_closing_after_two_calls_and_says_what_is_missing(cast, clock):
    lead = cast.arrive(MONDAY_10, to=cast.bram)
    _two_unanswered_calls(cast, lead, clock)

    with pytest.raises(FollowUpStandardNotMet) as refused:
        close_lead_lost(lead, "not-reached", by=cast.bram)

    assert str(refused.value) == (
        f"Lead #{lead.pk} cannot be closed as lost yet: the follow-up standard still needs "
        "2 more call attempts, on 2 other days; a written message (e-mail, SMS or WhatsApp). "
        "A sales manager may override this with a reason."
    )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.OPEN
    assert not LeadEvent.objects.filter(lead=lead).exists()
    assert not lead.activities.filter(kind=ActivityKind.LOST).exists()


def test_the_refusal_reads_right_in_dutch_and_french_without_a_doubled_still(cast, clock):
    lead = cast.arrive(MONDAY_10, to=cast.bram)
    _two_unanswered_calls(cast, lead, clock)
    said = {}
    for language in ("nl", "fr"):
        with translation.override(language), pytest.raises(FollowUpStandardNotMet) as refused:
            close_lead_lost(lead, "not-reached", by=cast.bram)
        said[language] = str(refused.value)

    assert said["nl"] == (
        f"Lead #{lead.pk} kan nog niet als verloren worden afgesloten: de opvolgstandaard "
        "vraagt eerst nog 2 belpogingen, op 2 andere dagen; een schriftelijk bericht (e-mail, "
        "sms of WhatsApp). Een verkoopleider kan dit met een reden overrulen."
    )
    assert "nog nog" not in said["nl"]
    assert "encore encore" not in said["fr"]
    assert "demande d'abord encore 2 tentatives d'appel" in said["fr"]


def test_the_refusal_leaves_out_the_running_first_response_clock(cast, clock):
    lead = cast.arrive(MONDAY_10)

    with pytest.raises(FollowUpStandardNotMet) as refused:
        close_lead_lost(lead, "not-reached", by=cast.sanne)

    assert "first response" not in str(refused.value)
    assert "4 more call attempts, on 3 other days" in str(refused.value)


def test_it_allows_closing_once_the_person_was_reached(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 2))
    log_activity(lead, "call", by=cast.sanne, outcome="reached")

    close_lead_lost(lead, "not-reached", by=cast.sanne)

    assert (lead.status, lead.closed_without_standard) == (LeadStatus.LOST, False)
    assert lead.closed_at == amsterdam(2025, 3, 10, 10, 2)


def test_it_allows_closing_once_the_effort_was_made(cast, clock):
    lead = cast.arrive(MONDAY_10)
    for day in (10, 11, 12, 12):
        clock.move_to(amsterdam(2025, 3, day, 16, 0 if day != 12 else 30))
        log_activity(lead, "call", by=cast.sanne, outcome="voicemail")
    log_activity(lead, "whatsapp", by=cast.sanne)

    close_lead_lost(lead, cast.not_reached, by=cast.sanne)

    assert (lead.status, lead.closed_without_standard) == (LeadStatus.LOST, False)


def test_an_inbound_reply_counts_as_contact(cast, clock):
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 5))
    log_activity(lead, "email", by=cast.sanne)
    clock.move_to(amsterdam(2025, 3, 10, 13, 0))
    log_activity(lead, "email", by=None, direction="in", note="Al een auto gekocht")

    close_lead_lost(lead, "not-reached", by=cast.sanne)

    assert lead.contacted_at == amsterdam(2025, 3, 10, 13, 0)


def test_a_manager_overrides_with_a_reason_on_record(cast, clock):
    lead = cast.arrive(MONDAY_10, to=cast.bram)
    _two_unanswered_calls(cast, lead, clock)
    clock.move_to(amsterdam(2025, 3, 10, 11, 0))

    close_lead_lost(lead, "not-reached", by=cast.marco, override_reason="Bought at a competitor")

    assert (lead.status, lead.closed_without_standard) == (LeadStatus.LOST, True)
    events = list(LeadEvent.objects.filter(lead=lead).values_list("kind", "by", "reason"))
    assert events == [
        (EventKind.OVERRIDE, cast.marco.pk, "Bought at a competitor"),
        (EventKind.STATUS, cast.marco.pk, "Not reached"),
    ]
    assert standard_status(lead).reasons[-1].startswith("closed as lost before the follow-up")


def test_a_salesperson_cannot_override_their_own_lead(cast, clock):
    lead = cast.arrive(MONDAY_10, to=cast.bram)

    with pytest.raises(OverrideNotAllowed):
        close_lead_lost(lead, "not-reached", by=cast.bram, override_reason="No time")

    lead.refresh_from_db()
    assert lead.status == LeadStatus.OPEN
    assert not LeadEvent.objects.filter(lead=lead).exists()


def test_another_dealers_manager_cannot_override(cast, clock):
    lead = cast.arrive(MONDAY_10)

    with pytest.raises(OverrideNotAllowed):
        close_lead_lost(lead, "not-reached", by=cast.lea, override_reason="x")


def test_an_override_needs_words(cast, clock):
    lead = cast.arrive(MONDAY_10)

    with pytest.raises(InvalidChange, match="needs a reason"):
        close_lead_lost(lead, "not-reached", by=cast.marco, override_reason="   ")


def test_a_duplicate_naming_its_lead_is_closed_without_the_standard_being_asked(cast, clock):
    first = cast.arrive(MONDAY_10)
    lead = cast.arrive(MONDAY_10)
    lead.person = first.person
    lead.save(update_fields=["person"])

    close_lead_lost(lead, "duplicate", by=cast.sanne, duplicate_of=first)

    assert (lead.status, lead.closed_without_standard) == (LeadStatus.LOST, False)
    assert lead.events.get().reason == f"Duplicate — duplicate of lead #{first.pk}"


def test_a_duplicate_of_a_record_sharing_a_further_contact_is_the_same_person(cast, clock):
    first = cast.arrive(MONDAY_10)
    lead = cast.arrive(MONDAY_10, name="Bas Bakker")
    PersonContact.objects.create(person=lead.person, value=first.person.email)

    close_lead_lost(lead, "duplicate", by=cast.sanne, duplicate_of=first)

    assert lead.status == LeadStatus.LOST


def test_a_duplicate_must_name_another_lead_of_the_same_person(cast, clock):
    lead = cast.arrive(MONDAY_10)
    stranger = cast.arrive(MONDAY_10, name="Bas Bakker")

    with pytest.raises(InvalidChange, match="needs the lead it duplicates"):
        close_lead_lost(lead, "duplicate", by=cast.sanne)
    for other in (stranger, lead):
        with pytest.raises(InvalidChange, match="not another lead of the same person"):
            close_lead_lost(lead, "duplicate", by=cast.sanne, duplicate_of=other)
    lead.refresh_from_db()
    assert lead.status == LeadStatus.OPEN


def test_fake_needs_a_wrong_number_call_or_a_manager(cast, clock):
    LostReason.objects.create(code="fake", label="Fake", needs_follow_up_standard=False)
    untouched, called, managed = (cast.arrive(MONDAY_10, name=n) for n in ("A a", "B b", "C c"))

    with pytest.raises(OverrideNotAllowed, match="only with evidence"):
        close_lead_lost(untouched, "fake", by=cast.sanne)
    clock.move_to(amsterdam(2025, 3, 10, 10, 5))
    log_activity(called, "call", by=cast.sanne, outcome="wrong_number")
    close_lead_lost(called, "fake", by=cast.sanne)
    close_lead_lost(managed, "fake", by=cast.marco)

    untouched.refresh_from_db()
    assert untouched.status == LeadStatus.OPEN
    assert "evidence: wrong-number call" in called.events.get().reason
    assert "decided by manager" in managed.events.get().reason


def test_a_sale_undone_gives_no_credit_for_response_or_follow_up(cast, clock):
    """won → reopen → lost: the order of the undone sale is not a first response or contact."""
    lead = cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 5))
    mark_won(lead, by=cast.sanne)
    assert lead.first_response_at is not None
    reopen(lead, by=cast.sanne, reason="order cancelled")

    assert (lead.first_response_at, lead.contacted_at) == (None, None)
    with pytest.raises(FollowUpStandardNotMet):
        close_lead_lost(lead, "not-reached", by=cast.sanne)
    assert lead.activities.get().kind == ActivityKind.NOTE


def test_an_unknown_reason_names_the_known_ones(cast, clock):
    lead = cast.arrive(MONDAY_10)

    with pytest.raises(
        InvalidChange, match="'no-such'; known codes: duplicate, no-interest, not-reached"
    ):
        close_lead_lost(lead, "no-such", by=cast.sanne)


def test_a_closed_lead_cannot_be_closed_again(cast, clock):
    lead = cast.arrive(MONDAY_10)
    mark_won(lead, by=cast.sanne)

    with pytest.raises(InvalidChange, match="it is Won"):
        close_lead_lost(lead, "duplicate", by=cast.sanne)


def test_imported_history_is_never_refused_but_flagged(cast, clock):
    lead = cast.arrive(amsterdam(2025, 1, 6, 9, 0))
    lead.is_imported = True
    lead.save(update_fields=["is_imported"])

    record_imported_close(lead, "lost", at=amsterdam(2025, 1, 7, 12, 0), reason="Geen interesse")

    assert (lead.status, lead.closed_without_standard) == (LeadStatus.LOST, True)
    assert lead.lost_reason.label == "Geen interesse"
    event = LeadEvent.objects.get(lead=lead)
    assert (event.kind, event.to_status) == (EventKind.IMPORT, LeadStatus.LOST)
    assert not Activity.objects.filter(lead=lead, kind=ActivityKind.LOST).exists()


def test_an_imported_close_after_contact_is_not_flagged(cast, clock):
    lead = cast.arrive(amsterdam(2025, 1, 6, 9, 0))
    log_activity(lead, "visit", by=cast.sanne, at=amsterdam(2025, 1, 6, 15, 0))

    record_imported_close(lead, "lost", at=amsterdam(2025, 1, 8, 9, 0), reason="not-reached")

    assert (lead.lost_reason, lead.closed_without_standard) == (cast.not_reached, False)
