"""One way to write a moment in Dutch: weekday, day, month, year, 24-hour clock."""

DATE_FORMAT = "l j F Y"
SHORT_DATE_FORMAT = "D j b Y"
DATETIME_FORMAT = "l j F Y H:i"
SHORT_DATETIME_FORMAT = "D j b Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j b"  # month names are written in lower case
