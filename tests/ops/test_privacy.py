"""A person asks what is stored about them, then asks to be forgotten: figures stay."""

import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from security.seeded import SeededCast as Cast

from scoreline.followup.models import Activity
from scoreline.leads.models import Inquiry, Lead, Person, PersonContact
from scoreline.ops.backup import fingerprint
from scoreline.ops.privacy import PersonNotFound, erase_persons, export_person, find_persons


def _arrived_in_a_payload(lead: Lead) -> object:
    Payload = apps.get_model("intake", "Payload")
    IntakeResult = apps.get_model("intake", "IntakeResult")
    body = f'{{"email": "{lead.person.email}", "first_name": "{lead.person.first_name}"}}'
    payload = Payload.objects.create(
        dealer=lead.dealer,
        source=lead.source,
        channel="webhook",
        format="json",
        received_at=lead.received_at,
        body=body.encode(),
        size=len(body),
        checksum="x" * 64,
    )
    IntakeResult.objects.create(payload=payload, position=0, status="created", lead=lead)
    return payload


def test_a_person_is_found_by_phone_in_any_notation(cast: Cast) -> None:
    anna = cast.noord_leads[0].person

    assert find_persons(phone="06 12345670") == [anna]
    assert find_persons(email="  ANNA@example.com ") == [anna]


def test_the_export_holds_the_person_their_leads_and_what_arrived(cast: Cast) -> None:
    lead = cast.noord_leads[0]
    _arrived_in_a_payload(lead)

    exported = export_person(find_persons(email=lead.person.email))

    person = exported["persons"][0]
    assert person["first_name"] == "Anna"
    assert person["leads"][0]["activities"][0]["kind"] == "call"
    assert "anna@example.com" in person["leads"][0]["received_documents"][0]
    json.dumps(exported, default=str)  # the command prints it


def test_erasure_leaves_nothing_that_names_the_person(cast: Cast) -> None:
    lead = cast.noord_leads[0]
    payload = _arrived_in_a_payload(lead)
    Lead.objects.filter(pk=lead.pk).update(message="Bel Anna na 17:00 op 0612345670")
    Activity.objects.filter(lead=lead).update(note="Anna's partner answered")

    erase_persons(find_persons(email="anna@example.com"))

    person = Person.objects.get(pk=lead.person_id)
    assert (person.first_name, person.last_name, person.email, person.phone) == ("", "", "", "")
    assert person.anonymised_at is not None
    assert Lead.objects.get(pk=lead.pk).message == ""
    assert not Activity.objects.filter(lead=lead).exclude(note="").exists()
    payload.refresh_from_db()  # type: ignore[attr-defined]
    assert bytes(payload.body) == b""  # type: ignore[attr-defined]
    with pytest.raises(PersonNotFound, match="nobody is stored"):
        find_persons(email="anna@example.com")


def test_a_further_number_finds_the_person_is_exported_and_erased(cast: Cast) -> None:
    anna = cast.noord_leads[0].person
    PersonContact.objects.create(person=anna, value="+31687654321")

    assert find_persons(phone="06-87654321") == [anna]
    assert export_person([anna])["persons"][0]["further_contacts"] == ["+31687654321"]
    erase_persons([anna])
    assert not PersonContact.objects.filter(person=anna).exists()
    with pytest.raises(PersonNotFound):
        find_persons(phone="06-87654321")


def test_erasure_keeps_every_figure(cast: Cast) -> None:
    before = fingerprint()

    erase_persons(find_persons(email="anna@example.com"))

    after = fingerprint()
    assert after == before
    assert Lead.objects.filter(person__email="").count() == 1


def test_erasure_touches_nobody_else(cast: Cast) -> None:
    bert = cast.noord_leads[1]

    erase_persons(find_persons(email="anna@example.com"))

    assert Person.objects.get(pk=bert.person_id).email == "bert@example.com"
    assert Inquiry.objects.filter(lead=bert).count() == bert.inquiries.count()


def test_the_command_exports_json_and_erases_on_confirmation(cast: Cast) -> None:
    out = StringIO()
    call_command("privacy", "export", "--email", "bert@example.com", stdout=out)
    assert json.loads(out.getvalue())["persons"][0]["last_name"] == "Jansen"

    out = StringIO()
    call_command("privacy", "erase", "--phone", "+31612345671", "--yes", stdout=out)
    assert "erased 1 person record(s): 1 lead(s) anonymised" in out.getvalue()


def test_the_command_names_who_it_could_not_find(cast: Cast) -> None:
    with pytest.raises(CommandError, match="nobody is stored with e-mail ghost@example.com"):
        call_command("privacy", "export", "--email", "ghost@example.com")
    with pytest.raises(CommandError, match="give --email or --phone"):
        call_command("privacy", "erase")


def test_erasing_twice_finds_nobody_the_second_time(cast: Cast) -> None:
    erase_persons(find_persons(email="anna@example.com"))

    with pytest.raises(PersonNotFound):
        find_persons(email="anna@example.com", phone="+31612345670")
