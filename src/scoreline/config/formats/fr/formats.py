"""French writes a moment as Dutch does: weekday, day, month in lower case, year, 24-hour."""

from scoreline.config.formats.nl.formats import *  # noqa: F403
