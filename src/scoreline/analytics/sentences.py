"""The verdict and the method in plain words, in Dutch, French and English."""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("nl", "fr", "en")

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
}  # fmt: skip

_TEXT = {
    "en": {
        "on_target": "{label}: {c} against {t}: on target.",
        "too_few": "{label}: {won} of {n} leads won; too few leads to judge.",
        "split": "{label}: {c} against {t}. Worked to standard these leads convert about {s}{ci}: "
        "{p} points are follow-up, {q} points lead quality.",
        "all_process": "{label}: {c} against {t}. Worked to standard these leads convert about "
        "{s}{ci}: the whole gap of {g} points is follow-up.",
        "all_quality": "{label}: {c} against {t}. Worked to standard these leads convert about "
        "{s}{ci}: the whole gap of {g} points is lead quality.",
        "ci": " (95 % interval {lo} to {hi})",
        "no_model": "{label}: {c} against {t}; too little history to split the gap.",
        "in": "{a} in {b}",
    },
    "nl": {
        "on_target": "{label}: {c} tegen {t}: op doel.",
        "too_few": "{label}: {won} van {n} leads gewonnen; te weinig leads om te oordelen.",
        "split": "{label}: {c} tegen {t}. Volgens de standaard opgevolgd converteren deze leads "
        "ongeveer {s}{ci}: {p} punt is opvolging, {q} punt leadkwaliteit.",
        "all_process": "{label}: {c} tegen {t}. Volgens de standaard opgevolgd converteren deze "
        "leads ongeveer {s}{ci}: het hele verschil van {g} punt is opvolging.",
        "all_quality": "{label}: {c} tegen {t}. Volgens de standaard opgevolgd converteren deze "
        "leads ongeveer {s}{ci}: het hele verschil van {g} punt is leadkwaliteit.",
        "ci": " (95 %-interval {lo} tot {hi})",
        "no_model": "{label}: {c} tegen {t}; te weinig historie om het verschil te verdelen.",
        "in": "{a} in {b}",
    },
    "fr": {
        "on_target": "{label} : {c} contre {t} : objectif atteint.",
        "too_few": "{label} : {won} leads gagnés sur {n} ; trop peu de leads pour juger.",
        "split": "{label} : {c} contre {t}. Traités selon le standard, ces leads convertiraient "
        "environ {s}{ci} : {p} points relèvent du suivi, {q} points de la qualité des leads.",
        "all_process": "{label} : {c} contre {t}. Traités selon le standard, ces leads "
        "convertiraient environ {s}{ci} : tout l'écart de {g} points relève du suivi.",
        "all_quality": "{label} : {c} contre {t}. Traités selon le standard, ces leads "
        "convertiraient environ {s}{ci} : tout l'écart de {g} points relève de la qualité des "
        "leads.",
        "ci": " (intervalle à 95 % de {lo} à {hi})",
        "no_model": "{label} : {c} contre {t} ; trop peu d'historique pour répartir l'écart.",
        "in": "{a} en {b}",
    },
}

METHOD = {
    "en": "How the verdict is made: a logistic model of the chance of a sale, fitted on the "
    "leads whose outcome is known, with marketing's levers (source, campaign, car, new or "
    "used, arrival out of hours) and sales' levers before the first conversation (speed of "
    "first response, the standard's effort or the person reached, a written message, a call "
    "script). Each cut's leads are then predicted as if worked to the standard; the "
    "difference with what happened is follow-up, the rest of the way to the target is lead "
    "quality. Intervals come from a bootstrap. It assumes nothing else that differs between "
    "the leads drives both the follow-up and the sale: salespeople may work promising leads "
    "harder, which flatters follow-up; speed of first response is decided before anyone knows "
    "the lead, so it carries the most weight.",
    "nl": "Hoe het oordeel tot stand komt: een logistisch model van de kans op een verkoop, "
    "geschat op de leads waarvan de afloop bekend is, met de knoppen van marketing (bron, "
    "campagne, auto, nieuw of occasion, binnengekomen buiten openingstijd) en die van verkoop "
    "vóór het eerste gesprek (snelheid van de eerste reactie, de inspanning van de standaard "
    "of de klant bereikt, een schriftelijk bericht, een belscript). Daarna wordt voor de leads "
    "van elke snede voorspeld hoe ze zouden converteren als ze volgens de standaard waren "
    "opgevolgd; het verschil met wat er gebeurde is opvolging, de rest tot het doel is "
    "leadkwaliteit. De intervallen komen uit een bootstrap. De aanname is dat geen ander "
    "verschil tussen de leads zowel de opvolging als de verkoop stuurt: verkopers werken "
    "kansrijke leads soms harder af, wat de opvolging flatteert; de snelheid van de eerste "
    "reactie ligt vast voordat iemand de lead kent, dus die weegt het zwaarst.",
    "fr": "Comment le verdict est établi : un modèle logistique de la probabilité de vente, "
    "ajusté sur les leads dont l'issue est connue, avec les leviers du marketing (source, "
    "campagne, véhicule, neuf ou occasion, arrivée hors des heures d'ouverture) et ceux de la "
    "vente avant la première conversation (rapidité de la première réponse, l'effort du "
    "standard ou la personne jointe, un message écrit, un script d'appel). On prédit ensuite "
    "la conversion des leads de chaque découpage s'ils avaient été traités selon le standard ; "
    "l'écart avec ce qui s'est passé relève du suivi, le reste jusqu'à l'objectif de la "
    "qualité des leads. Les intervalles viennent d'un bootstrap. Hypothèse : aucune autre "
    "différence entre les leads ne pilote à la fois le suivi et la vente ; les vendeurs "
    "travaillent parfois davantage les leads prometteurs, ce qui flatte le suivi ; la rapidité "
    "de la première réponse est décidée avant que quiconque connaisse le lead, elle pèse donc "
    "le plus.",
}


def percent(lang: str, value: float) -> str:
    text = f"{value * 100:.1f} %"
    return text if lang == "en" else text.replace(".", ",")


def _pct(lang: str, value: object) -> str:
    return percent(lang, float(value))  # type: ignore[arg-type]


def points(lang: str, value: float) -> str:
    text = f"{value * 100:.1f}"
    return text if lang == "en" else text.replace(".", ",")


def month_name(lang: str, month: str) -> str:
    """'2025-03' as 'March 2025' / 'maart 2025' / 'mars 2025'."""
    year, number = month.split("-")
    return f"{MONTHS[lang][int(number) - 1]} {year}"


def cut_label(lang: str, values: Mapping[str, object]) -> str:
    """'AutoTrack in March 2025': the values of a cut, a month last."""
    month = values.get("month")
    others = [str(v) for k, v in values.items() if k != "month" and v is not None]
    label = ", ".join(others)
    if month is None:
        return label or "—"
    when = month_name(lang, str(month))
    return _TEXT[lang]["in"].format(a=label, b=when) if label else when


def verdict_sentence(lang: str, label: str, row: Mapping[str, object], target: float) -> str:
    """The one plain sentence of a verdict row (see verdict.verdicts)."""
    text = _TEXT[lang]
    kind, c = row["kind"], row["conversion_judged"]
    if kind == "too_few" or c is None:
        return text["too_few"].format(label=label, won=row["_won"], n=row["leads_judged"])
    c, t = float(c), target  # type: ignore[arg-type]
    base = {"label": label, "c": percent(lang, c), "t": percent(lang, t)}
    if kind == "on_target":
        return text["on_target"].format(**base)
    if kind is None:
        return text["no_model"].format(**base)
    s = float(row["conversion_if_worked_to_standard"])  # type: ignore[arg-type]
    low, high = (
        row.get("conversion_if_worked_to_standard_low"),
        row.get("conversion_if_worked_to_standard_high"),
    )
    ci = "" if low is None else text["ci"].format(lo=_pct(lang, low), hi=_pct(lang, high))
    gap = t - c
    if s >= t:
        return text["all_process"].format(**base, s=percent(lang, s), ci=ci, g=points(lang, gap))
    if s <= c:
        return text["all_quality"].format(**base, s=percent(lang, s), ci=ci, g=points(lang, gap))
    return text["split"].format(
        **base, s=percent(lang, s), ci=ci, p=points(lang, s - c), q=points(lang, t - s)
    )
