"""Template helpers of the documents pages."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

register = template.Library()

@register.filter
def rich_text(html: str) -> str:
    """Content written in the editor, safe to show to everyone in the agency."""
    from documents.richtext import sanitize

    return mark_safe(sanitize(html))  # nosec B308 B703  # allow-listed by nh3: no scripts, styles or handlers


@register.filter
def review_status(due) -> str:
    """'overdue', 'soon' (within 30 days) or '' for a review-due date."""
    if not due:
        return ""
    today = timezone.localdate()
    if due < today:
        return "overdue"
    if (due - today).days <= 30:
        return "soon"
    return ""


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination, export links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


@register.filter
def file_ext(name: str) -> str:
    """'pdf', 'docx', … of a file name, for its icon."""
    return (name or "").rsplit(".", 1)[-1].lower()[:5] if "." in (name or "") else ""
