"""A TTHC procedure's part of an edition (documents.editions): its spec and step table are signed with
the edition, copied into the next one, and printed in section 5 (Nội dung) as the paper has them: the
procedure's particulars, the flow diagram and the step table."""

from __future__ import annotations

from xml.sax.saxutils import escape  # nosec B406  # escapes text we write; parses nothing

from documents.editions import EditionPart, PrintedBlock, register
from printing.blocks import Table

from . import durations
from .flow import FlowBox, flow_svg
from .selectors import spec_of, steps_of
from .services import copy_procedure

STEP_HEADERS = ["Bước", "Nội dung công việc", "Trách nhiệm", "Thời gian", "Biểu mẫu/Kết quả"]
# An SVG is one picture that cannot break across pages: a long procedure prints as several diagrams, each
# short enough for an A4 page even when every box holds its most lines.
STEPS_PER_DIAGRAM = 6


def signed(revision):
    """None for an edition without a spec, so the hash of every edition signed before stays as it was."""
    spec = spec_of(revision)
    if spec is None:
        return None
    return {
        "tthc_codes": list(spec.tthc_codes), "legal_basis": spec.legal_basis,
        "dossier_components": spec.dossier_components, "fees": spec.fees, "where_filed": spec.where_filed,
        "where_returned": spec.where_returned, "time_limit": durations.canonical(spec.time_limit),
        "time_unit": spec.time_unit,
        "steps": [{"number": step.number, "action": step.action, "responsible": step.responsible,
                   "time_allowed": durations.canonical(step.time_allowed), "time_unit": step.time_unit,
                   "output": step.output} for step in steps_of(revision)],
    }


def printed_flow(steps) -> str:
    boxes = [FlowBox(f"Bước {step.number}", step.action, step.responsible,
                     durations.printed(step.time_allowed, step.time_unit)) for step in steps]
    chunks = [boxes[start:start + STEPS_PER_DIAGRAM] for start in range(0, len(boxes), STEPS_PER_DIAGRAM)]
    return "".join(f'<div class="procedure-flow">{flow_svg(chunk, label="Lưu đồ các bước thực hiện")}</div>'
                   for chunk in chunks)


def printed(revision) -> list[PrintedBlock]:
    spec = spec_of(revision)
    if spec is None:
        return []
    steps = list(steps_of(revision))
    info = [("Mã TTHC", escape(", ".join(spec.tthc_codes))),
            ("Căn cứ pháp lý", _paragraphs(spec.legal_basis)),
            ("Thành phần hồ sơ", _bullets(spec.dossier_lines)),
            ("Thời hạn giải quyết", escape(durations.printed(spec.time_limit, spec.time_unit))),
            ("Phí, lệ phí", _paragraphs(spec.fees) or "Không"),
            ("Nơi tiếp nhận hồ sơ", _paragraphs(spec.where_filed)),
            ("Nơi trả kết quả", _paragraphs(spec.where_returned))]
    html = "".join(f"<p><strong>{label}:</strong> {value}</p>" if not value.startswith("<ul>")
                   else f"<p><strong>{label}:</strong></p>{value}" for label, value in info if value)
    html += "<p><strong>Lưu đồ và các bước thực hiện:</strong></p>"
    # The diagram is for the PDF; python-docx cannot embed SVG, so the DOCX writer skips <svg> and the
    # step table below carries the same steps (printing.docx.SKIPPED_TAGS).
    html += printed_flow(steps)
    table = Table(STEP_HEADERS, [[str(step.number), step.action, step.responsible,
                                  durations.printed(step.time_allowed, step.time_unit), step.output or "—"]
                                 for step in steps], numbered=False)
    return [PrintedBlock(section=5, html=html, tables=[table])]


def _paragraphs(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines() if line.strip())


def _bullets(lines: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>" if lines else ""


register(EditionPart("procedure", signed=signed, copy=copy_procedure, printed=printed, order=40, substance=True))
