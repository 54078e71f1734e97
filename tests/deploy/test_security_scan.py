"""bandit over the server code finds nothing that is not fixed or justified (docs/SECURITY.md)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ["platform", "api", "tenants"]
# `# nosec` names its tests and says why after a second `#` (bandit reads test ids up to that `#`).
NOSEC = re.compile(r"#\s*nosec\b(?P<rest>.*)$")
JUSTIFIED = re.compile(r"^ B\d{3}( B\d{3})*  # \S")


def test_bandit_reports_nothing_over_platform_api_and_tenants():
    run = subprocess.run([sys.executable, "-m", "bandit", "-c", "pyproject.toml", "-r", *SCANNED, "-f", "json", "-q"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    report = json.loads(run.stdout)
    findings = [f"{r['test_id']} {r['filename']}:{r['line_number']} {r['issue_text']}" for r in report["results"]]
    assert not findings, "fix, or mark `# nosec BXXX  # why` and list in docs/SECURITY.md:\n" + "\n".join(findings)
    assert not report["errors"], report["errors"]


def test_every_nosec_names_its_test_says_why_and_is_listed_in_the_security_doc():
    listed = set(re.findall(r"\bB\d{3}\b", (ROOT / "docs" / "SECURITY.md").read_text()))
    bad = []
    for folder in SCANNED:
        for path in (ROOT / folder).rglob("*.py"):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                match = NOSEC.search(line)
                if match is None:
                    continue
                where = f"{path.relative_to(ROOT)}:{number}"
                if not JUSTIFIED.match(match.group("rest")):
                    bad.append(f"{where}: not `# nosec BXXX  # why`: {line.strip()}")
                ids = re.findall(r"B\d{3}", match.group("rest").split("#")[0])
                bad += [f"{where}: {test} is not in docs/SECURITY.md" for test in ids if test not in listed]
    assert not bad, "\n".join(bad)
