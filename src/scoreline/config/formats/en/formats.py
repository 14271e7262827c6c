"""One way to write a moment in English: weekday, day, month, year, 24-hour clock (the
dealers are European; "8:37 a.m." beside "14:28" on one page read as two systems)."""

DATE_FORMAT = "l j F Y"
SHORT_DATE_FORMAT = "D j M Y"
DATETIME_FORMAT = "l j F Y H:i"
SHORT_DATETIME_FORMAT = "D j M Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j M"
