"""English as the platform's readers in Germany and the Netherlands write it: the day before the
month, the month written out, a 24-hour clock, weeks from Monday ("5 December 2026, 14:30";
"05/12/2026"). Django's English formats are American ("Dec. 5, 2026, 2:30 p.m.", "12/05/2026"),
which abbreviate some months and not others and read the other way round in Europe. Mails use
the same long form (``notifications.templatetags.mail_dates``)."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# Typed dates: the date fields' own ISO form first (Django accepts it in any case), then the
# day-first forms a European reader types. Never month-first.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%y %H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
