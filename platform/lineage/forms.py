"""The DOST's form for a lineage event: one form for the four kinds (the page shows what each needs)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.models import Agency, LineageEvent

from .services import NewAgency

RECORDED_KINDS = [(kind, label) for kind, label in LineageEvent.Kind.choices if kind != LineageEvent.Kind.ESTABLISH]
LIST = {"size": 10}  # a province lists a hundred agencies and more: show ten at a time, not four
NEW_LEVELS = [("", "—")] + [(value, label) for value, label in Agency.Level.choices if value != Agency.Level.SUPERVISOR]


class LineageEventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of event"), choices=RECORDED_KINDS)
    effective_date = forms.DateField(label=_("Effective date"), widget=forms.DateInput(attrs={"type": "date"}))
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=255, required=False,
                                  help_text=_("e.g. Nghị quyết số 1687/NQ-UBTVQH15"))
    predecessors = forms.TypedMultipleChoiceField(
        label=_("Agencies before the event"), coerce=int, required=False, widget=forms.SelectMultiple(attrs=LIST),
        help_text=_("A merger: two or more (hold Ctrl, or ⌘ on a Mac, to choose several). A split, a rename, a "
                    "dissolution: one."))
    successors = forms.TypedMultipleChoiceField(
        label=_("Agencies after the event (existing)"), coerce=int, required=False,
        widget=forms.SelectMultiple(attrs=LIST),
        help_text=_("A merger: the one it becomes (or create it below). A dissolution: those taking over its tasks."))
    new_name = forms.CharField(label=_("New name"), max_length=255, required=False,
                               help_text=_("A rename: the agency's new name. A merger or a split: the name of a new "
                                           "agency to create as successor."))
    new_slug = forms.CharField(label=_("Subdomain of the new agency"), max_length=50, required=False)
    new_level = forms.ChoiceField(label=_("Level of the new agency"), choices=NEW_LEVELS, required=False)
    new_code = forms.CharField(label=_("Official code of the new agency"), max_length=32, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        running = [(a.pk, a.name) for a in agencies if a.valid_to is None]
        self.fields["predecessors"].choices = running
        self.fields["successors"].choices = running

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        creates = data["kind"] in (LineageEvent.Kind.MERGE, LineageEvent.Kind.SPLIT) and data["new_slug"]
        return {"predecessors": data["predecessors"], "successors": data["successors"],
                "new_successors": [NewAgency(name=data["new_name"], slug=data["new_slug"], level=data["new_level"],
                                             code=data["new_code"])] if creates else [],
                "new_name": data["new_name"], "effective_date": data["effective_date"],
                "legal_basis": data["legal_basis"], "note": data["note"]}
