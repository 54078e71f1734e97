"""Forms of the model procedure pages: the library's filters, a model, its draft edition (the procedure
form and step formset of procedures, plus the body text), adopting. Rules stay in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from documents.forms import RichTextarea
from procedures.forms import ProcedureSpecForm
from tenants.models import Agency

LEVELS = [(value, label) for value, label in Agency.Level.choices if value != Agency.Level.SUPERVISOR]


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Code, title or TTHC code…")}))
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels")), *LEVELS])
    field = forms.ChoiceField(label=_("Field"), required=False)

    def __init__(self, *args, fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("All fields"))] + [(f, f) for f in fields]

    def filters(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value}


class ModelForm(forms.Form):
    code = forms.CharField(label=pgettext_lazy("model procedure", "Code"), max_length=32,
                           help_text=_("e.g. QT-MAU-HT-01; it does not change once created"))
    title = forms.CharField(label=pgettext_lazy("model procedure", "Title"), max_length=300)
    level = forms.ChoiceField(label=_("For agencies of level"), choices=LEVELS, initial=Agency.Level.COMMUNE)
    field = forms.CharField(label=_("Field"), max_length=200, required=False,
                            widget=forms.TextInput(attrs={"placeholder": _("e.g. Hộ tịch")}))


class DraftForm(ProcedureSpecForm):
    """The procedure's spec (procedures' own form), the body text and what changed."""

    content = forms.CharField(label=_("Procedure text"), required=False, widget=RichTextarea,
                              help_text=_("The body of the procedure (sections 1–7); simple HTML is kept"))
    change_note = forms.CharField(label=_("What changed in this edition"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class AdoptForm(forms.Form):
    code = forms.CharField(label=_("Code of our procedure"), max_length=32)
    title = forms.CharField(label=_("Title of our procedure"), max_length=300)
