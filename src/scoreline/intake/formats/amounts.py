"""Numbers as lead documents write them: `26995`, `$26,995.00`, `€ 26.995,-`, `12 500 km`."""

import re
from decimal import Decimal, InvalidOperation

_NOT_NUMBER = re.compile(r"[^\d.,-]")


def parse_amount(text: str) -> Decimal | None:
    """The amount in `text`, or None when there is none (e.g. "call for price").

    With both `.` and `,` the last one is the decimal separator; a lone separator followed by
    exactly three digits groups thousands (Dutch `26.995`, American `26,995`).
    """
    cleaned = _NOT_NUMBER.sub("", text).rstrip(",.-")
    if not cleaned or not any(c.isdigit() for c in cleaned):
        return None
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        cleaned = cleaned.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in cleaned or "." in cleaned:
        mark = "," if "," in cleaned else "."
        groups = cleaned.split(mark)
        groups_thousands = len(groups) > 2 or len(groups[-1]) == 3
        cleaned = "".join(groups) if groups_thousands else ".".join(groups)
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def parse_whole_number(text: str) -> int | None:
    """A count such as an odometer reading (`12,500`, `12.500 km`), or None."""
    amount = parse_amount(text)
    return int(amount) if amount is not None and amount == amount.to_integral_value() else None
