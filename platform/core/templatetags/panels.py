from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panel(context, panel, panel_context):
    """Render a registered panel (core.worklist, documents.panels) with its own context, in the page's request."""
    return render_to_string(panel.template, panel_context, request=context.get("request"))
