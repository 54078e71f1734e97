"""Forms of the legal register pages: filters, an entry, the province's update rule. Rules stay in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from legal.models import LegalDocument
from legal.selectors import When
from tthc.models import TthcEntry

from .selectors import State


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "placeholder": _("Number, title or issuing body…")}))
    kind = forms.ChoiceField(label=pgettext_lazy("legal", "Kind"), required=False,
                             choices=[("", _("All kinds")), *LegalDocument.Kind.choices])
    when = forms.ChoiceField(label=pgettext_lazy("legal", "In force"), required=False, choices=[
        ("", _("All")), (When.IN_FORCE, _("Taken effect")), (When.UPCOMING, _("Takes effect later")),
        (When.REPEALED, pgettext_lazy("legal status", "Repealed"))])
    tthc = forms.CharField(label=pgettext_lazy("legal", "TTHC code"), required=False, max_length=32)

    def filters(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value}


class TaskFilterForm(forms.Form):
    state = forms.ChoiceField(label=pgettext_lazy("legal", "Status"), required=False,
                              choices=[("", _("All")), ("open", _("Open")), *State.choices])


class LegalDocumentForm(forms.Form):
    number = forms.CharField(label=pgettext_lazy("legal", "Number and symbol"), max_length=64,
                             widget=forms.TextInput(attrs={"placeholder": "26/2014/TT-BKHCN"}))
    kind = forms.ChoiceField(label=pgettext_lazy("legal", "Kind"), choices=LegalDocument.Kind.choices)
    title = forms.CharField(label=pgettext_lazy("legal", "Title"), max_length=500, required=False)
    issuer = forms.CharField(label=pgettext_lazy("legal", "Issuing body"), max_length=200, required=False)
    signed_on = forms.DateField(label=pgettext_lazy("legal", "Signed on"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    effective_on = forms.DateField(label=pgettext_lazy("legal", "Effective on"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    url = forms.CharField(label=pgettext_lazy("legal", "Link"), max_length=500, required=False,
                          widget=forms.URLInput(attrs={"placeholder": "https://vbpl.vn/…"}))
    file = forms.FileField(label=pgettext_lazy("legal", "File"), required=False)
    status = forms.ChoiceField(label=pgettext_lazy("legal", "Status"), choices=LegalDocument.Status.choices)
    affects = forms.ModelMultipleChoiceField(label=_("TTHC affected"), required=False,
                                             queryset=TthcEntry.objects.none(),
                                             widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["affects"].queryset = entries.order_by("code")

    @staticmethod
    def initial_for(entry: LegalDocument) -> dict:
        return {"number": entry.number, "kind": entry.kind, "title": entry.title, "issuer": entry.issuer,
                "signed_on": entry.signed_on, "effective_on": entry.effective_on, "url": entry.url,
                "status": entry.status, "affects": list(entry.effects.values_list("entry_id", flat=True))}

    def service_values(self) -> dict:
        values = dict(self.cleaned_data)
        values["affects"] = list(values["affects"])
        values["upload"] = values.pop("file") or None
        return values


class MonthsForm(forms.Form):
    months = forms.IntegerField(label=_("Months to update procedures"), min_value=1, max_value=24)
