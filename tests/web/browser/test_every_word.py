"""Every role's pages speak the reader's language: no Dutch left on a French or English page,
no English left on a Dutch one.

What counts as a leftover comes from the catalogues themselves: a Dutch translation (or a
sentence of it) that differs from its English message, found on a French or English page, is
Dutch the page should not show; an English message whose Dutch translation differs, found on
a Dutch page, is English left over. Words both languages share (a "lead", a "Website") are
never counted. What people typed (a call script, a name) is theirs and not checked.
"""

from __future__ import annotations

import gettext
import re
from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest
from cast import PASSWORD, Cast, make_lead
from django.utils import timezone

import scoreline
from scoreline.followup import actions
from scoreline.leads.models import LostReason, Source

from .conftest import log_in, shoot

pytestmark = pytest.mark.browser

LOCALE = Path(scoreline.__file__).resolve().parent / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|%%|<[^>]+>")
# The text of the page, without what people typed, the page's own scripts and the language
# switch (each language named in itself).
PAGE_TEXT = """() => {
  const copy = document.body.cloneNode(true);
  const theirs = 'script, style, .script, .lang, textarea, input, select';
  copy.querySelectorAll(theirs).forEach(e => e.remove());
  const said = [copy.textContent];
  document.querySelectorAll('[title], [aria-label], [placeholder]').forEach(e => {
    if (e.closest('.lang')) return;
    said.push(e.getAttribute('title') || '', e.getAttribute('aria-label') || '',
              e.getAttribute('placeholder') || '');
  });
  return said.join('\\n').replace(/\\s+/g, ' ');
}"""


@cache
def _catalogue(language: str) -> list[tuple[str, str]]:
    """(message, translation) of the compiled catalogue; a plural's forms each count."""
    read = gettext.translation("django", localedir=LOCALE, languages=[language])
    said = read._catalog  # type: ignore[attr-defined]
    return [(k[0] if isinstance(k, tuple) else k, v) for k, v in said.items() if k]


def _fragments(text: str) -> list[str]:
    """The pieces of a message between its placeholders, long enough to say something."""
    pieces = (p.strip(" .,:;·–—()\"'") for p in PLACEHOLDER.split(text.replace("\\n", " ")))
    return [p for p in pieces if len(p) >= 12 and " " in p or len(p) >= 7 and p.isalpha()]


@cache
def leftovers(reading: str) -> tuple[str, ...]:
    """Words of the other language that a page in `reading` should not show."""
    if reading == "nl":  # English messages the Dutch catalogue says otherwise
        found = [m for m, t in _catalogue("nl") if t and t != m]
        said = [t for _m, t in _catalogue("nl")]
        shown = [f for m in found for f in _fragments(m)]
    else:  # Dutch translations that are not also French or English
        shown = [f for m, t in _catalogue("nl") if t and t != m for f in _fragments(t)]
        said = [m for m, _t in _catalogue("nl")]
        said += [t for _m, t in _catalogue(reading)] if reading != "en" else []
    known = " \n ".join(said).lower()
    return tuple(sorted({f for f in shown if f.lower() not in known}))


def stray_words(text: str, reading: str) -> list[str]:
    return [f for f in leftovers(reading) if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text)]


def test_the_leftover_finder_sees_a_sentence_of_the_other_language() -> None:
    """The check below could fail: a Dutch sentence is found on a French page, the same
    page in French is clean, and an English message is found on a Dutch page."""
    assert stray_words("Volgende opvolging: Nog niet beantwoord", "fr")
    assert stray_words("Le lead n'a pas encore été traité.", "fr") == []
    assert stray_words("Next follow-up · Call logged.", "nl")


@pytest.fixture
def story(stage: Cast) -> dict[str, int]:
    """Leads that show the words under test: a built-in source, a vehicle with facts, a
    built-in lost reason, an assignment by hand and by the dealer's rule, a manager's
    override."""
    phone = Source.objects.create(name="Phone", slug="phone")
    lead = make_lead(stage, to=stage.sanne, name="Lotte Smit")
    lead.source = phone
    lead.vehicle = {"fuel": "benzine", "mileage_km": 76874, "price_eur": 26350, "year": 2021}
    lead.save(update_fields=["source", "vehicle"])
    actions.reassign(lead, stage.bram, by=stage.marco, reason="holiday")
    actions.reassign(lead, stage.sanne, by=stage.marco)
    received = timezone.now() - timedelta(hours=2)
    lost = make_lead(stage, to=stage.sanne, name="Joost Kok", received_at=received)
    at = received + timedelta(minutes=5)
    actions.log_activity(lost, "call", by=stage.sanne, at=at, outcome="reached")
    reason = LostReason.objects.get_or_create(
        code="not_interested", defaults={"label": "Geen interesse"}
    )[0]
    actions.close_lead_lost(lost, reason, by=stage.sanne, at=at + timedelta(minutes=10))
    unworked = make_lead(stage, to=stage.sanne, name="Kees Bos", received_at=received)
    actions.close_lead_lost(
        unworked, reason, by=stage.marco, at=at, override_reason="Belde zelf af"
    )  # its page carries the longest badge: closed without the standard
    return {"lead": lead.pk, "lost": lost.pk, "unworked": unworked.pk}


ROLES = ("sanne", "marco", "mila", "dirk", "admin")
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("reading", ["fr", "en", "nl"])
def test_every_roles_pages_speak_the_readers_language_and_fit_a_phone(
    page,  # noqa: ANN001
    stage: Cast,
    story,  # noqa: ANN001
    reading: str,
) -> None:
    from scoreline.dealers.models import User

    User.objects.create_superuser("admin", "admin@example.com", PASSWORD)
    found: dict[str, list[str]] = {}
    wide: dict[str, int] = {}
    for username in ROLES:
        page.context.clear_cookies()
        log_in(page, username)
        page.wait_for_load_state()
        page.context.add_cookies([{"name": "django_language", "value": reading, "url": page.base}])
        menu = [a.get_attribute("href") for a in page.locator("nav a[href^='/']").all()]
        extra = [f"/leads/{story[name]}/" for name in ("lead", "lost", "unworked")]
        for path in dict.fromkeys([*menu, *(extra if username != "mila" else [])]):
            if not path or path.startswith("/logout"):
                continue
            page.goto(page.base + path)
            page.wait_for_load_state()
            for summary in page.locator("details > summary").all()[:20]:
                summary.click()
            shoot(page, f"words-{reading}-{username}-{path.strip('/').replace('/', '-')}")
            stray = stray_words(page.evaluate(PAGE_TEXT), reading)
            if stray:
                found[f"{username} {path}"] = stray
            page.set_viewport_size(PHONE)
            page.reload()  # laid out for a phone from the start, as a phone would
            page.wait_for_load_state()
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                wide[f"{username} {path}"] = width
            page.set_viewport_size(LAPTOP)
    assert found == {}, f"words left over on {reading} pages"
    assert wide == {}, f"pages wider than a phone in {reading}"
