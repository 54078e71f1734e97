"""What a catalogue entry's values must be, as one list of problems: the form, the API and every row of an
import are checked by the same rules (services raise the first problem, imports report them all by line)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from tenants.bulk import parse_level

from .models import TthcEntry

LIMITS = {"code": 32, "name": 500, "field": 200}
# What people write in the time unit column, compared without case.
_UNIT_WORDS = {
    TthcEntry.TimeUnit.WORKING_DAYS: ["working_days", "working days", "days", "ngày", "ngày làm việc", "ngay",
                                      "ngay lam viec"],
    TthcEntry.TimeUnit.WORKING_HOURS: ["working_hours", "working hours", "hours", "giờ", "giờ làm việc", "gio",
                                       "gio lam viec"],
}
UNIT_ALIASES = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}


def plain(value) -> str:
    """One line of text without repeated blanks (names and codes are compared this way)."""
    return " ".join(str(value or "").split())


def parse_unit(value) -> str | None:
    return UNIT_ALIASES.get(plain(value).lower())


def parse_time_limit(value) -> int | None:
    """A whole number above zero ("15", 15, "15.0" from a spreadsheet), else None."""
    text = str(value if value is not None else "").strip()
    if re.fullmatch(r"\d+(\.0+)?", text):
        number = int(float(text))
        return number if number > 0 else None
    return None


def check(values: dict) -> tuple[dict, list[tuple[str, str, str]]]:
    """The cleaned values and the problems as (field, code, message); only the keys given are checked."""
    cleaned, problems = dict(values), []
    for name in ("code", "name", "field"):
        if name in values:
            cleaned[name] = plain(values[name])
            if len(cleaned[name]) > LIMITS[name]:
                problems.append((name, "value_too_long", _("At most %(limit)d characters.") % {
                    "limit": LIMITS[name]}))
    if "code" in values and not cleaned["code"]:
        problems.append(("code", "code_required", _("Give the TTHC code from the national database.")))
    if "name" in values and not cleaned["name"]:
        problems.append(("name", "name_required", _("Give the TTHC a name.")))
    if "level" in values:
        cleaned["level"] = parse_level(str(values["level"] or ""))
        if cleaned["level"] is None:
            problems.append(("level", "invalid_level", _("Unknown level “%(value)s”.") % {"value": values["level"]}))
    if "time_limit" in values:
        cleaned["time_limit"] = parse_time_limit(values["time_limit"])
        if cleaned["time_limit"] is None:
            problems.append(("time_limit", "invalid_time_limit", _("The time limit must be a whole number above zero.")))
    if "time_unit" in values:
        cleaned["time_unit"] = parse_unit(values["time_unit"] or TthcEntry.TimeUnit.WORKING_DAYS)
        if cleaned["time_unit"] is None:
            problems.append(("time_unit", "invalid_time_unit", _(
                "The time unit must be working days or working hours (ngày làm việc / giờ làm việc).")))
    for name in ("legal_basis", "fees", "filed_at", "returned_at"):
        if name in values:
            cleaned[name] = str(values[name] or "").strip()
    return cleaned, problems
