"""Why a plan or a forecast cannot be made, in words a marketing manager can act on.

Each error says what cannot be reached and why, so the page, the API and the CLI can show
the message as it is instead of a traceback or a silent zero.
"""


class PlanningError(ValueError):
    """Base of every planning refusal; the message is meant for the person who asked."""


class PlanInputError(PlanningError):
    """An assumption is out of range (a negative cost, a cap below its minimum, 11 months)."""


class NoHistoryError(PlanningError):
    """Something had to be estimated from history and there is none to estimate it from."""


class ZeroConversionError(PlanningError):
    """A source's leads are expected never to become sales, so no lead count can reach a target."""


class UnreachableTargetError(PlanningError):
    """Even every source at its cap cannot deliver the month's target.

    `short` holds (month, target, most sales the caps allow) per month short, `caps`
    (source, monthly cap, conversion) per source, so a page can say it in its reader's
    language; the message says it in English for the CLI and the logs.
    """

    def __init__(
        self,
        message: str,
        short: tuple[tuple[int, float, float], ...] = (),
        caps: tuple[tuple[str, float, float], ...] = (),
    ) -> None:
        super().__init__(message)
        self.short = short
        self.caps = caps


class BudgetBelowMinimumError(PlanningError):
    """The budget does not even pay for the leads that are committed (the sources' minimums)."""


class PaceInputError(PlanningError):
    """The lead history cannot be read as a month's pace (a sale without a date, a bad month)."""
