"""The side-by-side difference between an agency's procedure and its model's latest published edition.

Three parts, each a list of rows the page (and the API) shows as they are, with no JavaScript:
- the spec: one row per field, ours and the model's, marked when they differ;
- the step table: rows matched by step number; a step only on one side is added or removed, a step on both
  whose action, responsible, time or output differ is changed;
- the body text: the HTML read as plain lines (a paragraph, heading, list item or table row is a line) and
  compared with difflib, side by side.

"Ours" is the agency's edition in force, or its draft when nothing is in force yet.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from itertools import zip_longest

from django.utils.translation import gettext as _

from documents.models import Document, Revision
from documents.selectors import open_revision
from procedures import durations
from procedures.selectors import spec_of, steps_of

from .models import ModelEdition

SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"
_BREAKS = re.compile(r"<br\s*/?>|</(?:p|h[1-6]|li|tr|blockquote|caption|div)>", re.IGNORECASE)
_CELL_END = re.compile(r"</t[dh]>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


@dataclass
class Row:
    ours: str
    theirs: str
    status: str  # same / changed / added (only in the model) / removed (only in ours)
    label: str = ""


@dataclass
class StepRow:
    number: int
    ours: dict | None
    theirs: dict | None
    status: str
    changed_fields: list[str] = field(default_factory=list)


@dataclass
class Difference:
    revision: Revision | None  # ours: in force, else the draft
    edition: ModelEdition  # the model's latest published edition
    spec: list[Row]
    steps: list[StepRow]
    text: list[Row]

    @property
    def has_changes(self) -> bool:
        return any(row.status != SAME for row in [*self.spec, *self.steps, *self.text])

    def as_dict(self) -> dict:
        """For the API: plain data."""
        return {"ours_edition": self.revision.edition if self.revision else None,
                "ours_state": self.revision.state if self.revision else None,
                "model_edition": self.edition.number, "has_changes": self.has_changes,
                "spec": [vars(row) for row in self.spec], "steps": [vars(row) for row in self.steps],
                "text": [vars(row) for row in self.text]}


def plain_lines(content: str) -> list[str]:
    """The rich text's lines as a reader sees them."""
    text = _CELL_END.sub(" | ", content or "")
    text = html.unescape(_TAGS.sub("", _BREAKS.sub("\n", text)))
    return [" ".join(line.split()).strip(" |") for line in text.splitlines() if line.strip(" |\t\xa0")]


def text_rows(ours: str, theirs: str) -> list[Row]:
    left, right = plain_lines(ours), plain_lines(theirs)
    rows = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, left, right, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [Row(a, b, SAME) for a, b in zip(left[i1:i2], right[j1:j2], strict=True)]
        else:
            for a, b in zip_longest(left[i1:i2], right[j1:j2]):
                rows.append(Row(a or "", b or "", CHANGED if a is not None and b is not None
                                else REMOVED if b is None else ADDED))
    return rows


def _spec_values(source) -> dict:
    """The spec's fields as shown (an agency spec or a model edition have the same names)."""
    if source is None or source.time_limit is None:
        limit = ""
    else:
        limit = durations.shown(source.time_limit, source.time_unit)
    return {"tthc_codes": ", ".join(source.tthc_codes) if source else "", "time_limit": limit,
            **{name: getattr(source, name) if source else "" for name in
               ("legal_basis", "dossier_components", "fees", "where_filed", "where_returned")}}


def spec_labels() -> dict:
    return {"tthc_codes": _("TTHC codes"), "time_limit": _("Total time limit"), "legal_basis": _("Legal basis"),
            "dossier_components": _("Dossier components"), "fees": _("Fees and charges"),
            "where_filed": _("Where filed"), "where_returned": _("Where results are returned")}


def spec_rows(ours, theirs) -> list[Row]:
    a, b = _spec_values(ours), _spec_values(theirs)
    return [Row(a[name], b[name], SAME if a[name] == b[name] else CHANGED if a[name] and b[name]
                else ADDED if b[name] else REMOVED, label) for name, label in spec_labels().items()]


STEP_FIELDS = ("action", "responsible", "time", "output")


def _step(number, action, responsible, time_allowed, time_unit, output) -> dict:
    return {"number": number, "action": action, "responsible": responsible, "output": output or "",
            "time": durations.shown(durations.as_decimal(time_allowed), time_unit)}


def step_rows(ours: list[dict], theirs: list[dict]) -> list[StepRow]:
    a, b = {s["number"]: s for s in ours}, {s["number"]: s for s in theirs}
    rows = []
    for number in sorted(set(a) | set(b)):
        left, right = a.get(number), b.get(number)
        if left is None or right is None:
            rows.append(StepRow(number, left, right, ADDED if left is None else REMOVED))
            continue
        changed = [name for name in STEP_FIELDS if left[name] != right[name]]
        rows.append(StepRow(number, left, right, CHANGED if changed else SAME, changed))
    return rows


def ours_revision(document: Document) -> Revision | None:
    return document.effective_revision or open_revision(document)


def difference(document: Document, edition: ModelEdition) -> Difference:
    """Run with the connection on the agency that owns `document`."""
    revision = ours_revision(document)
    ours_steps = [_step(s.number, s.action, s.responsible, s.time_allowed, s.time_unit, s.output)
                  for s in steps_of(revision)]
    theirs_steps = [_step(s["number"], s["action"], s["responsible"], s["time_allowed"], s["time_unit"],
                          s.get("output", "")) for s in edition.steps]
    return Difference(revision, edition, spec_rows(spec_of(revision), edition), step_rows(ours_steps, theirs_steps),
                      text_rows(revision.content if revision else "", edition.content))
