"""The step table as a flow diagram: a vertical chain of boxes joined by arrows, as inline SVG.

Drawn here in Python (no JavaScript) so the same picture is on the document's page and in the printed
PDF (WeasyPrint renders inline SVG). Every text is XML-escaped; colours and fonts are presentation
attributes, not `style`, so a strict Content-Security-Policy leaves them alone.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr  # nosec B406  # escapes text we write; parses nothing

WIDTH = 520
BOX_X = 20
BOX_WIDTH = WIDTH - 2 * BOX_X
LINE_HEIGHT = 16
PADDING = 10
GAP = 30  # between boxes: room for the arrow
WRAP = 70  # characters per line at 12px in a 480px box


@dataclass(frozen=True)
class FlowBox:
    title: str  # "Bước 1"
    action: str
    who: str
    time: str


def _lines(box: FlowBox) -> list[tuple[str, bool]]:
    """The box's lines of text, (text, bold)."""
    lines = [(f"{box.title} · {box.time}", True)]
    lines += [(line, False) for line in textwrap.wrap(box.action, WRAP, max_lines=3, placeholder=" …") or [""]]
    lines += [(line, False) for line in textwrap.wrap(f"→ {box.who}", WRAP, max_lines=2, placeholder=" …")]
    return lines


def flow_svg(boxes: list[FlowBox], *, label: str = "") -> str:
    """The diagram for `boxes`, in order; an empty string when there is no step."""
    if not boxes:
        return ""
    parts, y = [], 10
    for index, box in enumerate(boxes):
        lines = _lines(box)
        height = 2 * PADDING + LINE_HEIGHT * len(lines)
        parts.append(f'<rect x="{BOX_X}" y="{y}" width="{BOX_WIDTH}" height="{height}" rx="6" '
                     'fill="#f4f7fb" stroke="#1f4e79" stroke-width="1.5"/>')
        for number, (text, bold) in enumerate(lines):
            weight = ' font-weight="bold"' if bold else ""
            parts.append(f'<text x="{BOX_X + PADDING}" y="{y + PADDING + LINE_HEIGHT * (number + 1) - 4}" '
                         f'font-size="12"{weight} fill="#111">{escape(text)}</text>')
        y += height
        if index < len(boxes) - 1:
            middle = WIDTH // 2
            parts.append(f'<line x1="{middle}" y1="{y}" x2="{middle}" y2="{y + GAP - 8}" stroke="#1f4e79" '
                         'stroke-width="1.5"/>')
            # The arrowhead drawn as a polygon: a <marker> needs an id, and two diagrams on a page would clash.
            parts.append(f'<polygon points="{middle - 6},{y + GAP - 9} {middle + 6},{y + GAP - 9} '
                         f'{middle},{y + GAP}" fill="#1f4e79"/>')
            y += GAP
    height = y + 10
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="procedure-flow" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label={quoteattr(label)} '
            f'font-family="Liberation Serif, Times New Roman, serif">' + "".join(parts) + "</svg>")
