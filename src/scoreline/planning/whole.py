"""Whole numbers that add up: a plan says 14 leads and 3 sales, never 13.6 and 2.9.

Rounding each figure on its own loses the sum (twelve months rounded apart rarely add up to
the year). Largest remainders keep it: every figure is rounded down, and the units the
floors lost go to the figures that lost the most.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def largest_remainder(values: Sequence[float], total: int | None = None) -> list[int]:
    """Whole numbers within one of each value, summing to `total` (default: the rounded sum).

    Ties go to the earlier value, so the result does not depend on floating-point noise in
    the order. Negative values are refused: a plan holds no negative leads or sales.
    """
    if any(value < 0 for value in values):
        raise ValueError("largest_remainder takes values ≥ 0")
    total = round(sum(values)) if total is None else total
    floors = [math.floor(value + 1e-9) for value in values]
    short = total - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (-(values[i] - floors[i]), i))
    for i in order[: max(short, 0)]:
        floors[i] += 1
    return floors
