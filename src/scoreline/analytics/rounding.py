"""The one rounding rule for shares shown as percentages, on every screen, alert and sentence.

Half up on the decimal value people read (0.185 is 19 %), not on the binary float, where
Python's own formatting rounds 0.185 down: an alert and a tile showing one chance must agree.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def rounded_percent(share: float | Decimal, digits: int = 0) -> Decimal:
    """`share` (0.1849…) as a percentage with `digits` decimals, rounded half up (18)."""
    exponent = Decimal(1).scaleb(-digits)
    return (Decimal(repr(float(share))) * 100).quantize(exponent, rounding=ROUND_HALF_UP)
