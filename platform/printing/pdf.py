"""HTML to PDF with WeasyPrint, fonts from the machine (Liberation Serif: Times New Roman metrics)."""

from __future__ import annotations

from django.template.loader import render_to_string


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def render_pdf(template: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template, context))
