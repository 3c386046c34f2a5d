"""Public holidays the calculator skips, taken from the `holidays` package at build time.

The site embeds them so the calculator works offline. The range runs from the start of last year
to the end of the year after next, so a site built today still covers the next 12 months for as
long as it is rebuilt at least once a year (a test fails when it no longer would)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# `holidays` and babel are imported where used: together they take longer to import than
# `python -m generator check` may take in all, and check needs them only for a center's countries.

# Offered when the site configuration names no countries.
DEFAULT_COUNTRIES = ("US", "GB", "CA", "AU", "IE", "IN")
YEARS_BACK = 1
YEARS_AHEAD = 2


@dataclass(frozen=True)
class CountryHolidays:
    code: str
    name: str
    weekend: tuple[int, ...]  # weekday numbers, Monday = 0
    dates: tuple[datetime.date, ...]


@dataclass(frozen=True)
class HolidayTable:
    start: datetime.date
    end: datetime.date
    countries: tuple[CountryHolidays, ...]


def unknown_countries(codes) -> list[str]:
    codes = list(codes)
    if not codes:
        return []
    import holidays

    supported = holidays.list_supported_countries()
    return [c for c in codes if c not in supported]


def country_name(code: str) -> str:
    from babel import Locale

    return Locale("en").territories.get(code, code)


def holiday_table(codes, today: datetime.date) -> HolidayTable:
    """Holidays of each country (an ISO 3166 code the `holidays` package knows) from 1 January of
    last year to 31 December of the year after next, counted from ``today``."""
    import holidays

    years = range(today.year - YEARS_BACK, today.year + YEARS_AHEAD + 1)
    countries = []
    for code in codes:
        calendar = holidays.country_holidays(code, years=years)
        countries.append(
            CountryHolidays(code, country_name(code), tuple(sorted(calendar.weekend)), tuple(sorted(calendar)))
        )
    return HolidayTable(datetime.date(years.start, 1, 1), datetime.date(years.stop - 1, 12, 31), tuple(countries))
