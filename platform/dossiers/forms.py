"""Forms of the dossier pages: the filters of the rates and the upload of an export."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RatesFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    month = forms.TypedChoiceField(label=pgettext_lazy("dossiers", "Month"), coerce=int, required=False,
                                   empty_value=None, choices=[("", "—")] + [(m, f"{m:02d}") for m in range(1, 13)])
    tthc = forms.ChoiceField(label=_("TTHC"), required=False)

    def __init__(self, *args, years: list[int], codes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", pgettext_lazy("dossiers", "All years"))] + [(y, y) for y in years]
        self.fields["tthc"].choices = [("", pgettext_lazy("dossiers", "All TTHC"))] + codes

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"year": data.get("year"), "month": data.get("month") if data.get("year") else None,
                "tthc": data.get("tthc") or ""}


class DossierImportForm(forms.Form):
    file = forms.FileField(label=_("One-stop export (CSV or JSON)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.json"}))
