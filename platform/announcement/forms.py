"""Forms of the announcement page: the head's confirmation and the announcement decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConfirmForm(forms.Form):
    confirmed_on = forms.DateField(label=_("Confirmed on"), widget=DATE)
    head_name = forms.CharField(label=_("Head's full name"), max_length=150)
    head_title = forms.CharField(label=_("Head's position"), max_length=200, required=False,
                                 widget=forms.TextInput(attrs={"placeholder": _("e.g. Chủ tịch UBND xã")}))
    note = forms.CharField(label=_("Confirmation note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AnnounceForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=64,
                             widget=forms.TextInput(attrs={"placeholder": "125/QĐ-UBND"}))
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    signer_name = forms.CharField(label=_("Signer's full name"), max_length=150)
    signer_title = forms.CharField(label=_("Signer's position"), max_length=200)
    scope_text = forms.CharField(label=_("Scope of the announcement"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("The TTHC assigned now and the procedures carrying them are added "
                                             "to the scope by themselves."))
    uploaded_file = forms.FileField(label=_("Signed decision file (PDF or DOCX)"), required=False)
