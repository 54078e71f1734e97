"""Forms of the report pages: a report asked for, a template sent. The rules stay in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import ReportKind


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    number = forms.CharField(label=_("Number"), max_length=64, required=False,
                             widget=forms.TextInput(attrs={"placeholder": _("e.g. 215/BC-SKHCN")}),
                             help_text=_("Left blank: a space is left to write it by hand."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in selectors.year_choices()]


class TemplateForm(forms.Form):
    file = forms.FileField(label=_("Word template (.docx)"))
