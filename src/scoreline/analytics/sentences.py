"""The verdict and the method in plain words, in Dutch, French and English."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from scoreline.analytics.levers import apportion
from scoreline.analytics.rounding import rounded_percent

LANGUAGES = ("nl", "fr", "en")

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
}  # fmt: skip

# A verdict judges the decided leads (won, lost or past the attribution window): the
# sentence says how many, and how many are still open, so it never seems to contradict the
# table's conversion over all leads. `head_all` when every lead is decided, else `head_some`.
_TEXT = {
    "en": {
        "head_all": "{label}: {c} of {n} leads won",
        "head_some": "{label}: of the {n} leads decided so far ({still}), {c} were won",
        "on_target": "{head}, against {t}: on target.",
        "too_few": "{label}: {won} of {n} leads won; too few leads to judge.",
        "too_few_some": "{label}: {won} of the {n} leads decided so far won ({still}); too few "
        "leads to judge.",
        "early": "{label}: only {n} of {total} leads decided so far ({won} won), {still}: too "
        "early to judge.",
        "split": "{head}, against {t}. Worked to standard these leads convert about {s}{ci}: "
        "{p} points are follow-up, {q} points lead quality.",
        "all_process": "{head}, against {t}. Worked to standard these leads convert about "
        "{s}{ci}: the whole gap of {g} points is follow-up.",
        "all_quality": "{head}, against {t}. Worked to standard these leads convert about "
        "{s}{ci}: the whole gap of {g} points is lead quality.",
        "ci": " (95 % interval {lo} to {hi})",
        "no_model": "{head}, against {t}; too little history to split the gap.",
        "in": "{a} in {b}",
        "unset": "(not set)",
        "unset_campaign": "Leads without a campaign",
        "unset_salesperson": "Unassigned leads",
        "levers": " Of the {total} points of follow-up: {parts}.",
        "speed": "{p} speed ({a} answered within {limit})",
        "minutes": "{m} business minutes",
        "the_standard": "the standard's time",
        "worked_to_standard": "{p} effort ({a} worked to the standard)",
        "written_follow_up": "{p} the written message ({a} had one or were reached)",
    },
    "nl": {
        "head_all": "{label}: {c} van {n} leads gewonnen",
        "head_some": "{label}: van de {n} leads met bekende afloop ({still}) is {c} gewonnen",
        "on_target": "{head}, tegen {t}: op doel.",
        "too_few": "{label}: {won} van {n} leads gewonnen; te weinig leads om te oordelen.",
        "too_few_some": "{label}: {won} van de {n} leads met bekende afloop gewonnen ({still}); "
        "te weinig leads om te oordelen.",
        "early": "{label}: pas {n} van {total} leads hebben een bekende afloop ({won} "
        "gewonnen), {still}: te vroeg om te oordelen.",
        "split": "{head}, tegen {t}. Volgens de standaard opgevolgd converteren deze leads "
        "ongeveer {s}{ci}: {p} punt is opvolging, {q} punt leadkwaliteit.",
        "all_process": "{head}, tegen {t}. Volgens de standaard opgevolgd converteren deze "
        "leads ongeveer {s}{ci}: het hele verschil van {g} punt is opvolging.",
        "all_quality": "{head}, tegen {t}. Volgens de standaard opgevolgd converteren deze "
        "leads ongeveer {s}{ci}: het hele verschil van {g} punt is leadkwaliteit.",
        "ci": " (95 %-interval {lo} tot {hi})",
        "no_model": "{head}, tegen {t}; te weinig historie om het verschil te verdelen.",
        "in": "{a} in {b}",
        "unset": "(niet ingevuld)",
        "unset_campaign": "Leads zonder campagne",
        "unset_salesperson": "Niet toegewezen leads",
        "levers": " Van de {total} punt opvolging: {parts}.",
        "speed": "{p} snelheid ({a} binnen {limit} beantwoord)",
        "minutes": "{m} werkminuten",
        "the_standard": "de tijd van de standaard",
        "worked_to_standard": "{p} inspanning ({a} volgens de standaard opgevolgd)",
        "written_follow_up": "{p} het schriftelijke bericht ({a} kreeg er een of werd bereikt)",
    },
    "fr": {
        "head_all": "{label} : {c} des {n} leads ont été gagnés",
        "head_some": "{label} : sur les {n} leads dont l'issue est connue ({still}), {c} ont "
        "été gagnés",
        "on_target": "{head}, contre {t} : objectif atteint.",
        "too_few": "{label} : {won} leads gagnés sur {n} ; trop peu de leads pour juger.",
        "too_few_some": "{label} : {won} leads gagnés sur les {n} dont l'issue est connue "
        "({still}) ; trop peu de leads pour juger.",
        "early": "{label} : seuls {n} leads sur {total} ont une issue connue ({won} gagnés), "
        "{still} : trop tôt pour juger.",
        "split": "{head}, contre {t}. Traités selon le standard, ces leads convertiraient "
        "environ {s}{ci} : {p} points relèvent du suivi, {q} points de la qualité des leads.",
        "all_process": "{head}, contre {t}. Traités selon le standard, ces leads "
        "convertiraient environ {s}{ci} : tout l'écart de {g} points relève du suivi.",
        "all_quality": "{head}, contre {t}. Traités selon le standard, ces leads "
        "convertiraient environ {s}{ci} : tout l'écart de {g} points relève de la qualité des "
        "leads.",
        "ci": " (intervalle à 95 % de {lo} à {hi})",
        "no_model": "{head}, contre {t} ; trop peu d'historique pour répartir l'écart.",
        "in": "{a} en {b}",
        "unset": "(non renseigné)",
        "unset_campaign": "Leads sans campagne",
        "unset_salesperson": "Leads non attribués",
        "levers": " Sur les {total} points de suivi : {parts}.",
        "speed": "{p} la rapidité ({a} répondus {limit})",
        "minutes": "dans les {m} minutes ouvrées",
        "the_standard": "dans le délai du standard",
        "worked_to_standard": "{p} l'effort ({a} traités selon le standard)",
        "written_follow_up": "{p} le message écrit ({a} en ont reçu un ou ont été joints)",
    },
}

METHOD = {
    "en": "How the verdict is made: a logistic model of the chance of a sale, fitted on the "
    "leads whose outcome is known, with marketing's levers (source, campaign, car, new "
    "or used, arrival out of hours) and sales' levers before the first conversation "
    "(speed of first response, the standard's effort or the person reached, a written "
    "message, a call script). Each cut's leads are then predicted as if worked to the "
    "standard; the difference with what happened is follow-up, the rest of the way to "
    "the target is lead quality. Intervals come from a bootstrap. A verdict judges the "
    "leads decided so far (won, lost, or past the attribution window) and says how many"
    " are still open; while fewer than half of a cut's leads are decided, it is too "
    "early to judge. It assumes nothing else that differs between the leads drives both"
    " the follow-up and the sale: salespeople may work promising leads harder, which "
    "flatters follow-up; speed of first response is decided before anyone knows the "
    "lead, so it carries the most weight.",
    "nl": "Hoe het oordeel tot stand komt: een logistisch model van de kans op een verkoop, "
    "geschat op de leads waarvan de afloop bekend is, met de knoppen van marketing "
    "(bron, campagne, auto, nieuw of occasion, binnengekomen buiten openingstijd) en "
    "die van verkoop vóór het eerste gesprek (snelheid van de eerste reactie, de "
    "inspanning van de standaard of de klant bereikt, een schriftelijk bericht, een "
    "belscript). Daarna wordt voor de leads van elke snede voorspeld hoe ze zouden "
    "converteren als ze volgens de standaard waren opgevolgd; het verschil met wat er "
    "gebeurde is opvolging, de rest tot het doel is leadkwaliteit. De intervallen komen"
    " uit een bootstrap. Een oordeel gaat over de leads met bekende afloop (gewonnen, "
    "verloren, of voorbij de toerekeningstermijn) en zegt hoeveel er nog open zijn; "
    "zolang minder dan de helft van de leads van een snede een bekende afloop heeft, is"
    " het te vroeg om te oordelen. De aanname is dat geen ander verschil tussen de "
    "leads zowel de opvolging als de verkoop stuurt: verkopers werken kansrijke leads "
    "soms harder af, wat de opvolging flatteert; de snelheid van de eerste reactie ligt"
    " vast voordat iemand de lead kent, dus die weegt het zwaarst.",
    "fr": "Comment le verdict est établi : un modèle logistique de la probabilité de vente, "
    "ajusté sur les leads dont l'issue est connue, avec les leviers du marketing "
    "(source, campagne, véhicule, neuf ou occasion, arrivée hors des heures "
    "d'ouverture) et ceux de la vente avant la première conversation (rapidité de la "
    "première réponse, l'effort du standard ou la personne jointe, un message écrit, un"
    " script d'appel). On prédit ensuite la conversion des leads de chaque découpage "
    "s'ils avaient été traités selon le standard ; l'écart avec ce qui s'est passé "
    "relève du suivi, le reste jusqu'à l'objectif de la qualité des leads. Les "
    "intervalles viennent d'un bootstrap. Un verdict juge les leads dont l'issue est "
    "connue (gagnés, perdus, ou au-delà de la fenêtre d'attribution) et dit combien "
    "restent ouverts ; tant que moins de la moitié des leads d'un découpage ont une "
    "issue connue, il est trop tôt pour juger. Hypothèse : aucune autre différence "
    "entre les leads ne pilote à la fois le suivi et la vente ; les vendeurs "
    "travaillent parfois davantage les leads prometteurs, ce qui flatte le suivi ; la "
    "rapidité de la première réponse est décidée avant que quiconque connaisse le lead,"
    " elle pèse donc le plus.",
}


def still_open(lang: str, n: int) -> str:
    """'3 still open' / '3 nog open' / '3 encore ouverts'."""
    if lang == "fr":
        return f"{count(lang, n)} encore ouvert" + ("s" if n > 1 else "")
    return f"{count(lang, n)} still open" if lang == "en" else f"{count(lang, n)} nog open"


# As the pages group thousands (Django's formats for en, nl and fr), so that a sentence's
# 1,977 and the table's 2,015 beside it read alike.
_THOUSANDS = {"en": ",", "nl": ".", "fr": "\xa0"}


def count(lang: str, n: object) -> str:
    """A whole number with the reader's thousands separator: 1,977 / 1.977 / 1 977."""
    return f"{int(n):,}".replace(",", _THOUSANDS[lang])  # type: ignore[call-overload]


def percent(lang: str, value: float) -> str:
    text = f"{rounded_percent(value, 1)} %"
    return text if lang == "en" else text.replace(".", ",")


def _pct(lang: str, value: object) -> str:
    return percent(lang, float(value))  # type: ignore[arg-type]


def points(lang: str, value: float) -> str:
    text = f"{rounded_percent(value, 1)}"
    return text if lang == "en" else text.replace(".", ",")


def month_name(lang: str, month: str) -> str:
    """'2025-03' as 'March 2025' / 'maart 2025' / 'mars 2025'."""
    year, number = month.split("-")
    return f"{MONTHS[lang][int(number) - 1]} {year}"


def cut_label(
    lang: str, values: Mapping[str, object], said_as: Mapping[str, str] | None = None
) -> str:
    """'AutoTrack in March 2025': the values of a cut, a month last; `said_as` names a value
    the way the language says it (a built-in source: "Telefoon" for "Phone")."""
    month = values.get("month")
    named = said_as or {}
    others = [
        named.get(str(v), str(v)) for k, v in values.items() if k != "month" and v is not None
    ]
    label = ", ".join(others)
    if month is None:
        return label or _unset(lang, [k for k in values if k != "month"])
    when = month_name(lang, str(month))
    return _TEXT[lang]["in"].format(a=label, b=when) if label else when


def _unset(lang: str, keys: list[str]) -> str:
    """The name of a cut whose values are all empty: "Leads without a campaign", never a
    bare dash."""
    text = _TEXT[lang]
    return text.get(f"unset_{keys[0]}", text["unset"]) if len(keys) == 1 else text["unset"]


def verdict_sentence(lang: str, label: str, row: Mapping[str, object], target: float) -> str:
    """The one plain sentence of a verdict row (see verdict.verdicts).

    It names the leads it judged: "of the 104 leads decided so far (26 still open), 21.8 %
    were won", or "21.8 % of 104 leads won" once every lead of the cut is decided, which
    are then the table's own leads and conversion.
    """
    text = _TEXT[lang]
    kind, c = row["kind"], row["conversion_judged"]
    n, still = int(row["leads_judged"]), int(row.get("leads_open") or 0)  # type: ignore[call-overload]
    counts = {
        "n": count(lang, n),
        "won": count(lang, row["_won"]),
        "still": still_open(lang, still),
    }
    if kind == "too_few" or c is None:
        if row.get("early"):
            return text["early"].format(label=label, total=count(lang, n + still), **counts)
        return text["too_few_some" if still else "too_few"].format(label=label, **counts)
    c, t = float(c), target  # type: ignore[arg-type]
    head = text["head_some" if still else "head_all"].format(
        label=label, c=percent(lang, c), **counts
    )
    base = {"head": head, "t": percent(lang, t)}
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
    named = lever_clause(lang, row.get("levers"), s - c)  # type: ignore[arg-type]
    if s >= t:
        said = text["all_process"].format(**base, s=percent(lang, s), ci=ci, g=points(lang, gap))
        return said + named
    if s <= c:
        return text["all_quality"].format(**base, s=percent(lang, s), ci=ci, g=points(lang, gap))
    return (
        text["split"].format(
            **base, s=percent(lang, s), ci=ci, p=points(lang, s - c), q=points(lang, t - s)
        )
        + named
    )


def lever_clause(lang: str, levers: Sequence[Mapping[str, object]] | None, gap: float) -> str:
    """ " Of the 6.2 points of follow-up: 4.1 speed (38.0 % answered within 15 business
    minutes), 1.6 effort (…), 0.5 the written message (…)."

    The levers biggest first, rounded to the tenth of a point shown so that they add up to
    the quoted total (levers.apportion); a lever whose part rounds to nothing is left out.
    Nothing when the cut has no levers or no follow-up gap to split.
    """
    text = _TEXT[lang]
    quoted = float(rounded_percent(gap, 1)) / 100  # the total exactly as `points` shows it
    if not levers or quoted <= 0:
        return ""
    parts = apportion([float(lever["points"]) for lever in levers], quoted, 3)  # type: ignore[arg-type]
    named = sorted(zip(parts, levers, strict=True), key=lambda pair: -pair[0])
    said = [_lever(lang, lever, part) for part, lever in named if round(part * 1000)]
    return text["levers"].format(total=points(lang, quoted), parts=", ".join(said))


def _lever(lang: str, lever: Mapping[str, object], part: float) -> str:
    text = _TEXT[lang]
    minutes = lever.get("minutes")
    limit = (
        text["the_standard"]
        if minutes is None
        else text["minutes"].format(m=_number(lang, float(minutes)))  # type: ignore[arg-type]
    )
    share = percent(lang, float(lever["actual"]))  # type: ignore[arg-type]
    return text[str(lever["lever"])].format(p=points(lang, part), a=share, limit=limit)


def _number(lang: str, value: float) -> str:
    """15.0 as '15', 7.5 as '7.5' / '7,5'."""
    text = f"{value:g}"
    return text if lang == "en" else text.replace(".", ",")
