"""Stated dates as periods: `2025` is a year, `2025-11` a month, `2025-11-27` a day (UTC), a date-time an instant.

A period is kept with the text and precision it was given in, so `2025-11` is never shown as `2025-11-01`.
Its start and end are whole microseconds since 1970-01-01 UTC: integers sort and index the same on every database.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAY_US = 86_400 * 1_000_000
# re.ASCII: \d must not match other scripts' digits ("２０２５" is not a date here).
_YEAR = re.compile(r"(\d{4})\Z", re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{2})\Z", re.ASCII)
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z", re.ASCII)
# Date-times must say where they were: an instant without an offset is ambiguous by up to a day.
_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)\Z", re.ASCII)
_DATETIME_NO_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\Z", re.ASCII)

FORMS = "YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 date-time with offset"
# What a WHEN or --known-at may also say: the day, in UTC, of the moment the command runs.
RELATIVE_DAYS = {"today": 0, "yesterday": 1}
WHEN_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD, an ISO 8601 date-time with offset, today or yesterday (UTC)"


class NotADate(ValueError):
    """The text is not one of the accepted date forms, or names a day that does not exist."""


@dataclass(frozen=True, slots=True)
class Period:
    text: str
    precision: str  # year | month | day | instant
    start: int  # microseconds since the epoch, UTC, inclusive
    end: int  # microseconds since the epoch, UTC, exclusive

    @property
    def start_datetime(self) -> datetime:
        return _from_us(self.start)


def _day_us(d: date) -> int:
    return (d.toordinal() - _EPOCH_ORDINAL) * _DAY_US


def _from_us(us: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + (us // _DAY_US) * _ONE_DAY + (us % _DAY_US) * _ONE_US


_ONE_DAY = datetime(1970, 1, 2) - datetime(1970, 1, 1)
_ONE_US = _ONE_DAY / _DAY_US


def _first_of(year: int, month: int) -> int:
    """Start of a month, allowing month 13 (January of the next year) and year 10000 (past date.max)."""
    if month == 13:
        year, month = year + 1, 1
    if year == 10_000:
        return _day_us(date.max) + _DAY_US
    return _day_us(date(year, month, 1))


@lru_cache(maxsize=65_536)
def parse_period(text: str) -> Period:
    """Parse a stated date; raise NotADate with the reason. Cached: real logs repeat the same dates."""
    if not isinstance(text, str):
        raise NotADate("is not a date")
    try:
        if m := _DAY.match(text):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            start = _day_us(d)
            return Period(text, "day", start, start + _DAY_US)
        if m := _MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            if not 1 <= month <= 12:
                raise NotADate("is not a date")
            return Period(text, "month", _first_of(year, month), _first_of(year, month + 1))
        if m := _YEAR.match(text):
            year = int(m[1])
            if year == 0:
                raise NotADate("is not a date")
            return Period(text, "year", _first_of(year, 1), _first_of(year + 1, 1))
    except ValueError as e:  # date() refuses 2025-02-30 and month 13
        raise NotADate("is not a date") from e
    if _DATETIME.match(text):
        import pendulum  # only date-times need it; most stated dates are days, months and years

        try:
            instant = pendulum.parse(text, strict=True)
            utc = instant.in_timezone("UTC")
        except (ValueError, OverflowError, pendulum.parsing.exceptions.ParserError) as e:
            # Also an instant whose UTC date falls outside the years 1 to 9999 (9999-12-31T23:00-05:00).
            raise NotADate("is not a date") from e
        start = _day_us(utc.date()) + (
            (utc.hour * 3600 + utc.minute * 60 + utc.second) * 1_000_000 + utc.microsecond
        )
        return Period(text, "instant", start, start + 1)
    if _DATETIME_NO_OFFSET.match(text):
        raise NotADate("has no UTC offset (add Z or +HH:MM)")
    raise NotADate("is not a date")


def format_instant(us: int) -> str:
    """An instant as the store writes recorded_at: fixed width, UTC, microseconds, so text order is time order."""
    return _from_us(us).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_when(text: str, today: date) -> Period:
    """A date a reader asks about: a stated-date form, or `today` / `yesterday` (the UTC day `today` names).

    The current date is passed in, so this stays a pure function; the period keeps the day it resolved to.
    """
    back = RELATIVE_DAYS.get(text)
    if back is None:
        return parse_period(text)
    return parse_period(date.fromordinal(today.toordinal() - back).isoformat())


def parse_known_at(text: str, today: date | None = None) -> tuple[str, int]:
    """`seq:N` → ("seq", N); a date or date-time → ("time", end of its period in µs, exclusive).

    With `today`, `today` and `yesterday` are dates too (see parse_when)."""
    if text.startswith("seq:"):
        number = text[4:]
        if not number.isdigit() or not number.isascii():
            raise NotADate("is not seq:N with N a whole number")
        if len(number) > 18:  # beyond any log's length, and past what a database integer holds
            raise NotADate("is not seq:N with N below 10^18")
        return "seq", int(number)
    return "time", (parse_when(text, today) if today else parse_period(text)).end


_RECORDED_AT = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{6})Z\Z", re.ASCII)


@lru_cache(maxsize=1024)  # the events of one transaction share their recorded_at
def parse_instant(text: str) -> int:
    """A recorded_at as the store writes it (`format_instant`), in µs; raise NotADate for anything else."""
    m = _RECORDED_AT.match(text) if isinstance(text, str) else None
    if m is None:
        raise NotADate("is not a UTC instant written YYYY-MM-DDTHH:MM:SS.ffffffZ")
    hour, minute, second = int(m[4]), int(m[5]), int(m[6])
    try:
        day = _day_us(date(int(m[1]), int(m[2]), int(m[3])))
    except ValueError as e:
        raise NotADate("is not a date") from e
    if hour > 23 or minute > 59 or second > 59:
        raise NotADate("is not a time of day")
    return day + (hour * 3600 + minute * 60 + second) * 1_000_000 + int(m[7])
