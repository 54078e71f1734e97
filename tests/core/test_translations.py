"""Vietnamese first: every UI string of every catalogue has its Vietnamese translation."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(p for p in ROOT.glob("**/locale/vi/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def _joined(quoted: str) -> str:
    return "".join(re.findall(r'"(.*)"', quoted))


def untranslated(path: Path) -> list[str]:
    missing = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        text = "\n".join(lines)
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', text, re.M)
        if not msgid or not _joined(msgid.group(1)):
            continue
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', text, re.M)
        if not strings or not all(_joined(s) for s in strings) or "#, fuzzy" in text:
            missing.append(msgid.group(1).strip()[:80])
    return missing


def test_there_are_catalogues_for_every_app_with_strings():
    names = {p.parts[-5] for p in CATALOGUES}
    assert {"accounts", "documents", "records", "procedures", "notifications", "web", "tenants", "supervision",
            "tthc", "dossiers", "model_procedures", "legal", "legal_updates", "committee", "risks",
            "announcement", "nonconformities", "audit_trail", "reviews", "audits", "objectives", "training",
            "inspections", "lineage", "province_reports", "notices", "history_seal"} <= names


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_fully_translated_to_vietnamese(catalogue):
    assert untranslated(catalogue) == []
