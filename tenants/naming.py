"""Subdomains for new agencies: made from the Vietnamese name, checked against everything already taken.

An agency's slug is its subdomain, its schema name (hyphens become underscores) and its domain row, so a
slug is free only if none of the three exists. The same checks serve the CSV importer, the admin form and
the `create_agency` command, so all three refuse the same things with the same words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from .models import Agency, Domain
from .provisioning import schema_name_for, validate_slug

SLUG_MAX = 50
# "UBND xã Long Đức" and "Ủy ban nhân dân xã Long Đức" are both the commune "xa-long-duc".
_COMMITTEE_PREFIX = re.compile(r"^\s*(ubnd|uy ban nhan dan)\b[\s.,:-]*", re.IGNORECASE)


def strip_diacritics(text: str) -> str:
    """'Đặc khu Phú Quốc' -> 'Dac khu Phu Quoc' (đ is a letter of its own, not d with a mark)."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def _truncate(slug: str, limit: int) -> str:
    if len(slug) <= limit:
        return slug
    cut = slug[:limit]
    # cut at a word boundary when one is near, so "so-tai-nguyen-va-moi-truong" does not end in "moi-tru"
    if "-" in cut and slug[limit] != "-":
        cut = cut.rsplit("-", 1)[0]
    return cut.strip("-")


def slug_from_name(name: str, limit: int = SLUG_MAX) -> str:
    """The subdomain a name suggests: 'UBND xã Long Đức' -> 'xa-long-duc', 'Sở Tư pháp' -> 'so-tu-phap'."""
    plain = strip_diacritics(name or "").lower()
    plain = _COMMITTEE_PREFIX.sub("", plain)
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return _truncate(slug, limit)


def with_suffix(slug: str, suffix: str) -> str:
    """'xa-long-duc', 'vinh-long' -> 'xa-long-duc-vinh-long', the name cut (never the suffix) to fit."""
    suffix = "-" + re.sub(r"[^a-z0-9]+", "-", suffix.lower()).strip("-")
    return _truncate(slug, SLUG_MAX - len(suffix)) + suffix


def with_province(slug: str, province_slug: str) -> str:
    """The same slug made distinct by its province: 'xa-long-duc' -> 'xa-long-duc-vinh-long'."""
    return with_suffix(slug, province_slug)


def slug_candidates(name: str, province_slug: str | None, code: str = "") -> list[str]:
    """The subdomains a new agency may get, in the order they are tried: from its name; with its province
    (two provinces have a 'xã Long Phú'); with its code too, for two names of one province that differ only by
    their marks ('xã Cẩm Giang' and 'xã Cẩm Giàng' of Hải Phòng since 2025), or numbered when it has no code."""
    base = slug_from_name(name)
    out = [base]
    if province_slug:
        out.append(with_province(base, province_slug))
    last = out[-1]
    out += [with_suffix(last, code)] if code else [with_suffix(last, str(n)) for n in (2, 3, 4)]
    return out


def taken_slugs(slugs: Iterable[str]) -> set[str]:
    """Which of these slugs are used already: by an agency row, a schema or a domain (three queries)."""
    slugs = {slug for slug in slugs if slug}
    if not slugs:
        return set()
    taken = set(Agency.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    by_schema = {schema_name_for(slug): slug for slug in slugs}
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [list(by_schema)])
        taken |= {by_schema[row[0]] for row in cursor.fetchall()}
    by_domain = {f"{slug}.{settings.EISO_BASE_DOMAIN}": slug for slug in slugs}
    taken |= {by_domain[d] for d in Domain.objects.filter(domain__in=by_domain).values_list("domain", flat=True)}
    return taken


def taken_codes(codes: Iterable[str]) -> set[str]:
    codes = {code for code in codes if code}
    return set(Agency.objects.filter(code__in=codes).values_list("code", flat=True)) if codes else set()


def choose_slug(name: str, province_slug: str | None, is_taken: Callable[[str], bool], code: str = "") -> str:
    """A slug for a new agency named `name`: the first of `slug_candidates` not taken.

    Raises ValidationError (from provisioning.validate_slug) when the name yields no usable slug. The result
    may still be taken (`is_taken` says so) when every variant is; the caller reports it.
    """
    candidates = slug_candidates(name, province_slug, code)
    validate_slug(candidates[0])
    for slug in candidates:
        try:
            validate_slug(slug)
        except ValidationError:
            continue
        if not is_taken(slug):
            return slug
    return candidates[1] if len(candidates) > 1 else candidates[0]
