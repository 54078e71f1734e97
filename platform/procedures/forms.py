"""The page that edits a TTHC procedure's data: its particulars and, inline, the step table.

The fields only collect text; the rules (positive times, codes, the steps' sum against the time limit)
are the service's, so the page and the API refuse the same things with the same words."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TimeUnit


def _area(rows=3, **attrs):
    return forms.Textarea(attrs={"rows": rows, **attrs})


class ProcedureSpecForm(forms.Form):
    tthc_codes = forms.CharField(label=_("TTHC codes"), max_length=1000, widget=_area(2),
                                 help_text=_("From the national database, one per line or separated by commas "
                                             "(e.g. 1.001193)"))
    legal_basis = forms.CharField(label=_("Legal basis"), required=False, widget=_area(4))
    dossier_components = forms.CharField(label=_("Dossier components"), required=False, widget=_area(5),
                                         help_text=_("One per line"))
    fees = forms.CharField(label=_("Fees and charges"), required=False, widget=_area(2))
    where_filed = forms.CharField(label=_("Where filed"), required=False, widget=_area(2))
    where_returned = forms.CharField(label=_("Where results are returned"), required=False, widget=_area(2))
    # Text, not a number field: "0,5" (the Vietnamese decimal comma) is read by the service.
    time_limit = forms.CharField(label=_("Total time limit"), max_length=12)
    time_unit = forms.ChoiceField(label=_("Unit"), choices=TimeUnit.choices)

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)


class ProcedureStepForm(forms.Form):
    action = forms.CharField(label=_("What is done"), widget=_area(2))
    responsible = forms.CharField(label=_("Responsible unit or position"), max_length=300)
    time_allowed = forms.CharField(label=_("Time allowed"), max_length=12)
    time_unit = forms.ChoiceField(label=_("Unit"), choices=TimeUnit.choices, initial=TimeUnit.WORKING_HOURS)
    output = forms.CharField(label=_("Form or output"), max_length=300, required=False)

    def has_changed(self) -> bool:
        # An empty row is left out whatever its unit says: the unit select always sends a value.
        return any(self[name].value() not in (None, "") for name in ("action", "responsible", "time_allowed",
                                                                     "output"))


# Blank extra rows are left out (Django skips unchanged extra forms); a row is removed by ticking "delete".
ProcedureStepFormSet = forms.formset_factory(ProcedureStepForm, extra=2, can_delete=True, max_num=60,
                                             validate_max=True)
# A first step table usually has four to eight steps: enough rows to write it in one go.
FirstStepsFormSet = forms.formset_factory(ProcedureStepForm, extra=8, can_delete=True, max_num=60, validate_max=True)


def steps_from(formset) -> list[dict]:
    return [form.cleaned_data for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")]
