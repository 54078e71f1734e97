"""Small lookups for the audit pages."""

from django import template

from audits.models import Grade

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key, "") if isinstance(mapping, dict) else ""


@register.filter
def grade_labels(_plan):
    return Grade.choices
