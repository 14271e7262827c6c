"""Cell values as people write them, in Dutch, French and English: statuses, lost reasons,
new or used, and a whole name split into first and last name.

A value this vocabulary does not know is left as it is, so the row's reader can name it in
its refusal ("status 'Misschien' is not open, won or lost").
"""

from __future__ import annotations

from scoreline.intake.headers import FULL_NAME, fold

STATUSES: dict[str, tuple[str, ...]] = {
    "won": (
        "won", "gewonnen", "verkocht", "vendu", "gagné", "gagne", "sold", "order", "besteld",
        "afgesloten verkocht", "deal", "getekend", "signé", "commande", "closed won",
    ),
    "lost": (
        "lost", "verloren", "niet verkocht", "perdu", "closed lost", "afgewezen", "vervallen",
        "geannuleerd", "annulé", "dead", "afgesloten verloren",
    ),
    "open": (
        "open", "lopend", "en cours", "in behandeling", "nieuw", "new", "nouveau", "ouvert",
        "in progress", "actief", "active", "follow up", "opvolgen", "offerte", "afspraak",
        "proefrit", "à traiter", "a traiter", "pending",
    ),
}  # fmt: skip

# Lost reasons by the codes of Scoreline's own list; a status saying one of these is lost too.
LOST_REASONS: dict[str, tuple[str, ...]] = {
    "not_interested": (
        "not interested", "geen interesse", "niet geinteresseerd", "pas intéressé",
        "pas interesse", "plus intéressé", "no interest", "geen interesse meer",
    ),
    "not_reached": (
        "not reached", "niet bereikt", "niet bereikbaar", "onbereikbaar", "injoignable",
        "pas joignable", "unreachable", "no contact", "geen contact",
    ),
    "bought_elsewhere": (
        "bought elsewhere", "elders gekocht", "ergens anders gekocht", "bij concurrent gekocht",
        "acheté ailleurs", "concurrent", "competitor", "concurrence",
    ),
    "no_budget": (
        "no budget", "geen budget", "te duur", "trop cher", "pas de budget", "too expensive",
        "geen financiering", "financiering afgewezen", "financement refusé",
    ),
    "duplicate": ("duplicate", "dubbel", "dubbele aanvraag", "doublon", "dubbele lead"),
    "fake": ("fake", "spam", "nep", "nepaanvraag", "testaanvraag", "test", "faux"),
}  # fmt: skip

CONDITIONS: dict[str, tuple[str, ...]] = {
    "new": ("new", "nieuw", "neuf", "nouveau", "nieuwe auto", "vn", "nieuwe wagen"),
    "used": (
        "used", "gebruikt", "occasion", "tweedehands", "2e hands", "tweede hands",
        "occasie", "vo", "d occasion", "pre owned", "second hand",
    ),
}  # fmt: skip

# Words that belong with the last name: `Jan van der Berg` is Jan + `van der Berg`.
PARTICLES = frozenset(
    {
        "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "des", "het", "'t",
        "t", "ter", "ten", "te", "in", "op", "la", "le", "l'", "d'", "vd", "v.d.", "zu", "dos",
    }
)  # fmt: skip
SALUTATIONS = frozenset(
    {
        "dhr", "dhr.", "mevr", "mevr.", "mw", "mw.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
        "m", "m.", "mme", "mme.", "mlle", "heer", "de heer", "mevrouw", "monsieur", "madame",
        "fam", "fam.",
    }
)  # fmt: skip


def _table(vocabulary: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {fold(word): value for value, words in vocabulary.items() for word in words}


_STATUS, _REASON, _CONDITION = _table(STATUSES), _table(LOST_REASONS), _table(CONDITIONS)


def normalised(values: dict[str, str]) -> dict[str, str]:
    """A leads row's values with known words replaced by the exchange format's.

    1. A status or lost reason written as people write them becomes open, won or lost and a
       reason code; a status that is a lost reason ("Geen interesse") is lost with that reason.
    2. New or used, in any of the three languages.
    3. A whole name, where the row has no first or last name, split into the two.
    """
    values = dict(values)
    status, reason = fold(values.get("status", "")), fold(values.get("lost_reason", ""))
    if status in _REASON and not reason:
        values["lost_reason"] = _REASON[status]
    if status in _STATUS or status in _REASON:
        values["status"] = _STATUS.get(status, "lost")
    if reason in _REASON:
        values["lost_reason"] = _REASON[reason]
    condition = fold(values.get("vehicle_condition", ""))
    if condition in _CONDITION:
        values["vehicle_condition"] = _CONDITION[condition]
    whole = values.get(FULL_NAME, "").strip()
    if whole and not values.get("first_name", "").strip() and not values.get("last_name"):
        values["first_name"], values["last_name"] = split_name(whole)
    return values


def split_name(text: str) -> tuple[str, str]:
    """First and last name of a whole name, particles kept with the last name.

    `Jan van der Berg` → (`Jan`, `van der Berg`); `Vries, Anna de` → (`Anna`, `de Vries`);
    `Marie-Claire Dubois` → (`Marie-Claire`, `Dubois`); a salutation (`Dhr.`, `Mme`) is dropped;
    a single word is a last name, as a CRM's one-word `Naam` mostly is.
    """
    if "," in text:
        last, _, first = (part.strip() for part in text.partition(","))
        words = [w for w in first.split() if w.casefold() not in SALUTATIONS]
        tail = len(words)
        while tail > 0 and words[tail - 1].casefold() in PARTICLES:
            tail -= 1
        return " ".join(words[:tail]), " ".join([*words[tail:], last])
    words = text.split()
    while len(words) > 1 and words[0].casefold() in SALUTATIONS:
        words = words[1:]
    if len(words) == 1:
        return "", words[0]
    start = next(
        (i for i, w in enumerate(words[1:-1], 1) if w.casefold() in PARTICLES), len(words) - 1
    )
    return " ".join(words[:start]), " ".join(words[start:])
