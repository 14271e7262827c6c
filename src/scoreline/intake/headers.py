"""Column headers as people write them, in Dutch, French and English: which field each names.

One table of known names per exchange field (EXCHANGE.md), matched without regard to case,
accents or punctuation (`E-mailadres`, `e-mail adres` and `EMAILADRES` are one name), then by
a known name inside a longer header (`Telefoonnummer klant`), then by near misses
(`Telefonnummer`, `Aanvraagdatm`). The guess over a whole file is in `guessing`.
"""

from __future__ import annotations

import difflib
import unicodedata

from django.utils.translation import gettext_lazy as _

# A column holding the time of a date held in another column; `guessing` joins the two.
RECEIVED_TIME = "received_time"
# A column holding a person's whole name; `values.split_name` splits it.
FULL_NAME = "full_name"

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "lead_id": (
        "lead_id", "lead id", "leadid", "id", "nr", "nummer", "leadnummer", "lead nummer",
        "lead nr", "aanvraagnummer", "aanvraag nr", "aanvraag id", "referentie", "ref",
        "reference", "référence", "numero", "numéro", "n°", "no", "dossiernummer", "identifiant",
        "id lead", "numéro de demande", "request id",
    ),
    "dealer": (
        "dealer", "vestiging", "filiaal", "locatie", "site", "concession", "concessionnaire",
        "établissement", "branch", "location", "succursale", "dealer naam", "dealernaam",
        "bedrijf", "point de vente",
    ),
    "source": (
        "source", "bron", "herkomst", "kanaal", "channel", "origine", "provenance", "leadbron",
        "lead bron", "lead source", "bron lead", "herkomst lead", "canal", "medium",
        "source du lead", "origine du lead", "leadkanaal",
    ),
    "campaign": ("campaign", "campagne", "actie", "campagnenaam", "campaign name", "promotie"),
    "received_at": (
        "received_at", "received at", "datum", "date", "aanvraagdatum", "datum aanvraag",
        "date de la demande", "date demande", "date de demande", "created", "created at",
        "creation date", "date created", "aangemaakt", "aangemaakt op", "aanmaakdatum",
        "datum binnenkomst", "binnengekomen", "binnengekomen op", "ontvangen", "ontvangen op",
        "datum ontvangst", "date de réception", "date de création", "créé le", "received",
        "date received", "lead date", "leaddatum", "datum tijd", "datum en tijd",
        "date heure", "date et heure", "aanvraag datum", "datum lead", "request date",
        "inquiry date", "date du lead",
    ),
    RECEIVED_TIME: (
        "tijd", "tijdstip", "time", "heure", "uur", "aanvraagtijd", "tijd aanvraag",
        "tijdstip aanvraag", "heure de la demande", "heure demande", "time received",
        "heure de réception",
    ),
    "first_name": (
        "first_name", "first name", "firstname", "voornaam", "prénom", "roepnaam", "given name",
        "voornaam klant", "prénom du client",
    ),
    "last_name": (
        "last_name", "last name", "lastname", "achternaam", "familienaam", "nom de famille",
        "surname", "family name", "achternaam klant",
    ),
    FULL_NAME: (
        "full_name", "name", "naam", "nom", "full name", "volledige naam", "klant", "klantnaam",
        "naam klant", "customer", "customer name", "contact", "contactpersoon", "nom complet",
        "client", "nom du client", "prospect", "relatie", "contact name",
    ),
    "email": (
        "email", "e-mail", "emailadres", "e-mailadres", "e-mail adres", "mail", "mailadres",
        "courriel", "adresse e-mail", "adresse mail", "email address", "e-mail address",
    ),
    "phone": (
        "phone", "telefoon", "telefoonnummer", "tel", "telnr", "telefoonnr", "mobiel",
        "mobiel nummer", "mobielnummer", "mobile", "gsm", "gsm nummer", "gsm nr", "téléphone",
        "portable", "numéro de téléphone", "phone number", "mobile phone", "cell", "cellphone",
        "mobiele telefoon", "telefoon mobiel", "tél", "téléphone portable", "mobiel nr",
        "telefoonnummer klant", "n° de téléphone",
    ),
    "vehicle_make": (
        "vehicle_make", "merk", "marque", "make", "brand", "automerk", "merk auto",
        "marque du véhicule", "merk voertuig",
    ),
    "vehicle_model": (
        "vehicle_model", "model", "modèle", "type", "model auto", "voertuig", "vehicle",
        "véhicule", "auto", "interesse", "interesse in", "gewenste auto", "car",
        "modèle souhaité", "modèle du véhicule", "model voertuig",
    ),
    "vehicle_condition": (
        "vehicle_condition", "nieuw gebruikt", "nieuw of gebruikt", "nieuw occasion",
        "conditie", "condition", "neuf occasion", "état", "new used", "nieuw of occasion",
        "soort voertuig", "type voertuig", "vo vn", "vn vo",
    ),
    "salesperson": (
        "salesperson", "verkoper", "vendeur", "verkoopadviseur", "adviseur", "consultant",
        "behandelaar", "eigenaar", "owner", "toegewezen aan", "assigned to", "conseiller",
        "conseiller commercial", "commercial", "medewerker", "accountmanager", "sales rep",
        "salesman", "sales", "lead owner", "verantwoordelijke",
    ),
    "status": (
        "status", "statut", "stand", "resultaat", "uitkomst", "result", "outcome", "fase",
        "stage", "lead status", "status lead", "résultat", "état du lead", "statut du lead",
    ),
    "closed_at": (
        "closed_at", "closed at", "closed", "date closed", "close date", "afgesloten",
        "afgesloten op", "datum afgesloten", "afsluitdatum", "datum gesloten", "gesloten op",
        "datum verkoop", "verkoopdatum", "verkocht op", "datum verloren", "datum afsluiting",
        "date de clôture", "clôturé le", "date de vente", "date vente", "datum afgehandeld",
        "afgehandeld op",
    ),
    "lost_reason": (
        "lost_reason", "lost reason", "reden", "reden verloren", "verliesreden", "reden verlies",
        "reden afwijzing", "afwijsreden", "motif", "motif de perte", "raison",
        "raison de la perte", "reason", "reason lost", "motif perdu", "reden niet verkocht",
    ),
}  # fmt: skip

# The fields as the imports page offers them for a column, in the order a lead reads.
FIELD_LABELS = {
    "lead_id": _("Lead id"),
    "received_at": _("Received (date)"),
    RECEIVED_TIME: _("Received (time)"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    FULL_NAME: _("Full name"),
    "phone": _("Phone"),
    "email": _("E-mail"),
    "source": _("Source"),
    "campaign": _("Campaign"),
    "dealer": _("Dealer"),
    "vehicle_make": _("Make"),
    "vehicle_model": _("Model"),
    "vehicle_condition": _("New or used"),
    "salesperson": _("Salesperson"),
    "status": _("Status"),
    "closed_at": _("Closed"),
    "lost_reason": _("Lost reason"),
}

# Sheets of a workbook named like a file's kind: the one to read.
SHEET_WORDS: dict[str, tuple[str, ...]] = {
    "leads": ("lead", "aanvra", "prospect", "demande", "opportunit", "kans"),
    "activities": ("activit", "activite", "actie", "contactmoment"),
    "sales": ("sale", "verko", "order", "vente", "commande"),
    "calls": ("call", "gesprek", "oproep", "appel"),
    "costs": ("cost", "kosten", "cout"),
    "dealers": ("dealer", "vestiging", "concession"),
}

EXACT, CONTAINED = 1.0, 0.85
NEAR_MISS = 0.8  # difflib's ratio at and above which a header is a misspelt known name
CONTAINED_MIN_LENGTH = 8  # shorter names (`datum`, `contact`) say too little in a longer header


def fold(text: str) -> str:
    """Lower case without accents or punctuation: `Téléphone` and `telephone` are one name."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


_KNOWN: dict[str, str] = {
    fold(name): field for field, names in FIELD_NAMES.items() for name in names
}


def field_of(header: str) -> tuple[str, float] | None:
    """The field a header names and how sure that is (1.0 a known name), or None."""
    name = fold(header)
    if not name:
        return None
    if name in _KNOWN:
        return _KNOWN[name], EXACT
    return _contained(name) or _near_miss(name)


def _contained(name: str) -> tuple[str, float] | None:
    """The longest known name whose words all stand in the header: `Telefoonnummer klant`."""
    words = set(name.split())
    inside = [
        known
        for known in _KNOWN
        if len(known) >= CONTAINED_MIN_LENGTH and set(known.split()) <= words
    ]
    if not inside:
        return None
    return _KNOWN[max(inside, key=len)], CONTAINED


def _near_miss(name: str) -> tuple[str, float] | None:
    close = difflib.get_close_matches(name, _KNOWN, n=1, cutoff=NEAR_MISS)
    if not close:
        return None
    ratio = difflib.SequenceMatcher(None, name, close[0]).ratio()
    return _KNOWN[close[0]], round(ratio * CONTAINED, 2)
