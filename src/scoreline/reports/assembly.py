"""The one report assembly: a report on the database, the same for every path.

The pages, the API, `scoreline report` and the notifications all call `database_report`, so a
dealer's figures and verdicts cannot differ between them. It settles, in one place:
1. the settings: the target, margin and attribution window the dealers agree on (a field
   they disagree on keeps the default), then any value the caller gives explicitly;
2. the history the verdict's model learns from: the dealers' own leads, or also their
   group's when a young dealer's own judged history is thin (the figures stay its own:
   the scope names the dealers);
3. each dealer's own follow-up standard;
4. the sentence that says where the model learnt, in every language of the report;
5. the built-in sources' names in each language, for the verdicts' sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from scoreline.analytics.report import TOP_LEADS, Scope, build_report
from scoreline.analytics.sentences import LANGUAGES
from scoreline.analytics.standard import ReportSettings
from scoreline.leads.names import source_names_in
from scoreline.reports import extract


@dataclass(frozen=True)
class Assembled:
    report: dict[str, Any]
    differing: tuple[str, ...]  # settings the dealers disagree on: the default was used


def database_report(
    dealers: Sequence[str],
    as_of: datetime,
    *,
    scope: Scope | None = None,
    language: str = "en",
    target: float | None = None,
    margin_per_sale: float | None = None,
    listed: int | None = TOP_LEADS,
) -> Assembled:
    """The report on `dealers` (every dealer when empty) as of `as_of`, within `scope`."""
    dealers = tuple(dealers)
    said_as = source_names_in(LANGUAGES, extract.source_names())
    settings, differing = extract.dealer_settings(
        ReportSettings(language=language, said_as=said_as), dealers
    )
    if target is not None:
        settings = replace(settings, target=target)
    if margin_per_sale is not None:
        settings = replace(settings, margin_per_sale=margin_per_sale)
    history = extract.history_for(dealers, as_of) if dealers else None
    read = history.dealers if history else ()
    report = build_report(
        extract.read_database(read),
        as_of,
        scope=replace(scope or Scope(), dealers=dealers),
        settings=settings,
        dealer_standards=extract.dealer_standards(read),
        listed=listed,
    )
    if history is not None:
        _say_where_the_model_learnt(report, history, dealers, language)
    return Assembled(report, differing)


BORROWED = {
    "en": "The model learnt from the whole group's leads ({dealers}): {own} has only {n} "
    "leads with a known outcome of its own. The figures are {own}'s alone.",
    "nl": "Het model leerde van de leads van de hele groep ({dealers}): {own} heeft zelf maar "
    "{n} leads met een bekende afloop. De cijfers zijn alleen die van {own}.",
    "fr": "Le modèle a appris sur les leads de tout le groupe ({dealers}) : {own} n'a que {n} "
    "leads dont l'issue est connue. Les chiffres sont ceux de {own} seul.",
}


def _say_where_the_model_learnt(
    report: dict[str, Any], history: extract.History, dealers: Sequence[str], language: str
) -> None:
    """Add to the method's assumptions which dealers' history the verdict's model learnt on."""
    report["model_history"] = {
        "dealers": list(history.dealers),
        "own_judged_leads": history.own_judged,
        "group": history.borrowed,
    }
    if not history.borrowed:
        return
    words = {"dealers": ", ".join(history.dealers), "own": " + ".join(dealers)}
    notes = {lang: text.format(n=history.own_judged, **words) for lang, text in BORROWED.items()}
    report["method"] = {lang: f"{said} {notes[lang]}" for lang, said in report["method"].items()}
    report["method_sentence"] = f"{report['method_sentence']} {notes[language]}"
