from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CalendarDayKind


class CalendarDayForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarDayKind.choices)
    name = forms.CharField(label=_("Reason"), max_length=200)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=200, required=False,
                                  widget=forms.TextInput(attrs={"placeholder": _("e.g. Quyết định 12/QĐ-UBND")}))


class DeadlineForm(forms.Form):
    start = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(label=_("Working days"), min_value=0, max_value=3650)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("start", timezone.localdate())
        super().__init__(*args, **kwargs)
