"""Sending the script's e-mail from the lead page, and the dealer's mail server in settings."""

from __future__ import annotations

from cast import Cast, logged_in, make_lead
from followup.smtp import local_smtp

from scoreline.dealers.models import MailSecurity, MailSettings
from scoreline.followup.models import Activity, Evidence
from scoreline.followup.scripts import new_script_version

HTMX = {"HTTP_HX_REQUEST": "true"}


def own_server(cast: Cast, port: int) -> MailSettings:
    return MailSettings.objects.create(
        dealer=cast.noord,
        host="127.0.0.1",
        port=port,
        security=MailSecurity.NONE,
        from_address="verkoop@noord.example.nl",
    )


def test_the_lead_page_offers_the_scripts_email_filled_from_the_lead(cast: Cast) -> None:
    new_script_version(cast.noord, "Eerste mail", "Beste {naam}, fijn dat u de {auto} bekeek.")
    lead = make_lead(cast, to=cast.sanne)

    html = logged_in(cast.sanne).get(f"/leads/{lead.pk}/").content.decode()

    assert "data-send-email" in html
    assert "Beste Eva de Vries, fijn dat u de Volkswagen ID.4 bekeek." in html
    assert 'value="Uw aanvraag over de Volkswagen ID.4"' in html  # Noord's customers: Dutch


def test_a_salesperson_sends_it_and_the_page_says_so(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    with local_smtp() as server:
        own_server(cast, server.port)
        response = logged_in(cast.sanne).post(
            f"/leads/{lead.pk}/email/", {"subject": "Uw ID.4", "body": "Hallo Eva"}, **HTMX
        )

    html = response.content.decode()
    assert response.status_code == 200
    assert "E-mail sent to eva@example.nl." in html
    assert "E-mail · Sent by Scoreline" in html  # on the timeline, with its evidence
    (message,) = server.messages
    sent = Activity.objects.get(lead=lead)
    assert (sent.external_id, sent.evidence, sent.by) == (
        message["Message-ID"],
        Evidence.SCORELINE_MAIL,
        cast.sanne,
    )


def test_a_failing_server_is_said_on_the_page_and_nothing_is_logged(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    with local_smtp(refusing="550 5.1.1 No such user") as server:
        own_server(cast, server.port)
        response = logged_in(cast.sanne, "nl").post(
            f"/leads/{lead.pk}/email/", {"subject": "Uw ID.4", "body": "Hallo Eva"}, **HTMX
        )

    html = response.content.decode()
    assert response.status_code == 422
    assert "Niet verstuurd." in html and "550 5.1.1 No such user" in html
    assert not Activity.objects.filter(lead=lead).exists()


def test_a_manager_sets_the_mail_server_and_the_password_is_kept(cast: Cast) -> None:
    marco = logged_in(cast.marco)
    fields = {
        "host": "smtp.noord.example.nl",
        "port": "587",
        "security": "starttls",
        "username": "verkoop",
        "password": "geheim",
        "from_address": "verkoop@noord.example.nl",
    }
    assert marco.post("/settings/noord/mail/", fields).status_code == 302
    assert (
        marco.post("/settings/noord/mail/", {**fields, "password": "", "port": "2525"}).status_code
        == 302
    )

    saved = MailSettings.objects.get(dealer=cast.noord)
    assert (saved.port, saved.password) == (2525, "geheim")
    page = marco.get("/settings/noord/").content.decode()
    assert "smtp.noord.example.nl" in page and "geheim" not in page


def test_a_bad_port_is_refused_and_named(cast: Cast) -> None:
    response = logged_in(cast.marco).post(
        "/settings/noord/mail/",
        {"host": "smtp.x", "port": "99999", "security": "ssl", "from_address": "a@b.nl"},
    )
    assert response.status_code == 422
    assert "65535" in response.content.decode()
    assert not MailSettings.objects.exists()


def test_a_salesperson_cannot_change_the_mail_server(cast: Cast) -> None:
    response = logged_in(cast.sanne).post(
        "/settings/noord/mail/", {"host": "evil.example", "port": "25", "from_address": "a@b.nl"}
    )
    assert response.status_code in (403, 404)
    assert not MailSettings.objects.exists()
