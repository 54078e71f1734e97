"""The rich-text body of a revision: sanitised once, then read as the standard procedure sections.

Content comes from a browser editor (or an API client), so it is cleaned with an allow-list before it is
shown or printed. A procedure's body usually follows the framework model's sections (1 Mục đích, 2 Phạm vi,
3 Tài liệu viện dẫn, 4 Định nghĩa/viết tắt, 5 Nội dung, 6 Biểu mẫu, 7 Hồ sơ cần lưu); `split_sections`
finds them by their headings so the printers can number them and add the forms and records tables.
"""

from __future__ import annotations

import re
import unicodedata
from html import escape

import nh3
from lxml import html as lxml_html

from printing.blocks import Section
from printing.vietnamese import unaccent

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "span", "a", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "hr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start", "type"},
    "col": {"span"},
}

# Keys are unaccented lowercase, so a heading typed without diacritics or in capitals still counts.
STANDARD_SECTIONS = [
    (1, "Mục đích", ("muc dich",)),
    (2, "Phạm vi", ("pham vi", "pham vi ap dung")),
    (3, "Tài liệu viện dẫn", ("tai lieu vien dan", "tai lieu tham chieu", "can cu phap ly")),
    (4, "Định nghĩa/viết tắt", ("dinh nghia", "thuat ngu", "viet tat", "dinh nghia/viet tat",
                                "dinh nghia va chu viet tat", "thuat ngu va dinh nghia")),
    (5, "Nội dung", ("noi dung", "noi dung quy trinh", "trinh tu thuc hien")),
    (6, "Biểu mẫu", ("bieu mau", "bieu mau su dung")),
    (7, "Hồ sơ cần lưu", ("ho so can luu", "ho so", "luu ho so", "ho so luu")),
]
HEADING_TAGS = {"h1", "h2", "h3"}
_NUMBERED_RE = re.compile(r"^\s*(\d+)\s*[.)]?\s*(.*)$")


def sanitize(html: str) -> str:
    """An allow-listed copy of user-supplied HTML (no scripts, styles, event handlers or foreign URLs)."""
    html = unicodedata.normalize("NFC", html or "")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


def _standard_number(title: str) -> int | None:
    key = re.sub(r"\s+", " ", unaccent(title)).strip(" :.")
    for number, _name, keys in STANDARD_SECTIONS:
        if key in keys or any(key.startswith(k + " ") for k in keys[:1]):
            return number
    return None


def split_sections(clean_html: str) -> tuple[str, list[Section]]:
    """(text before the first section heading, the sections) of sanitised HTML.

    A section starts at an h1-h3 whose text is a standard section name, numbered or not; other headings
    stay inside the section they are in. Content with no standard heading returns ([], whole body).
    """
    if not clean_html.strip():
        return "", []
    fragment = lxml_html.fragment_fromstring(clean_html, create_parent="div")
    intro: list[str] = []
    sections: list[Section] = []
    for node in fragment:
        if not isinstance(node.tag, str):
            continue
        if node.tag in HEADING_TAGS:
            text = node.text_content().strip()
            match = _NUMBERED_RE.match(text)
            number, title = (int(match.group(1)), match.group(2).strip()) if match else (None, text)
            standard = _standard_number(title)
            if standard is not None:
                sections.append(Section(number=number or standard, title=title, standard=standard))
                continue
        target = sections[-1].parts if sections else intro
        target.append(lxml_html.tostring(node, encoding="unicode", with_tail=False))
        if node.tail and node.tail.strip():
            target.append(f"<p>{escape(node.tail.strip())}</p>")
    # Text directly inside the wrapper (no block element around it) belongs before everything.
    lead = escape((fragment.text or "").strip())
    for section in sections:
        section.html = "".join(section.parts)
    if not sections:
        return clean_html, []
    return (f"<p>{lead}</p>" if lead else "") + "".join(intro), sections
