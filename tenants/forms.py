"""Forms of the platform administration: a new agency, and a CSV file of agencies."""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .bulk import decode_csv, plan_one
from .models import Agency, Province
from .provisioning import AgencySpec

# the importer's column names -> this form's fields, so its errors land beside the right input
_FIELD_OF_COLUMN = {"province_code": "province", "parent_code": "parent"}


class AgencyCreationForm(forms.Form):
    """A new agency, checked exactly like a CSV row; creating it is provisioning's job."""

    name = forms.CharField(label=capfirst(_("name")), max_length=255,
                           help_text=_("As on the establishing decision, e.g. “UBND xã Long Đức”."))
    short_name = forms.CharField(label=capfirst(_("short name")), max_length=64, required=False)
    level = forms.ChoiceField(label=capfirst(_("level")), choices=Agency.Level.choices)
    province = forms.ModelChoiceField(label=capfirst(_("province")), queryset=Province.objects.all())
    code = forms.CharField(label=capfirst(_("official code")), max_length=32, required=False,
                           help_text=_("Agency identifier code, e.g. 000.00.31.H59"))
    slug = forms.CharField(label=capfirst(_("subdomain")), max_length=50, required=False,
                           help_text=_("Left empty, it is made from the name (“UBND xã Long Đức” → xa-long-duc)."))
    parent = forms.ModelChoiceField(label=capfirst(_("parent agency")), required=False,
                                    queryset=Agency.objects.none())
    valid_from = forms.DateField(label=capfirst(_("valid from")), required=False, widget=AdminDateWidget,
                                 input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    address = forms.CharField(label=capfirst(_("address")), max_length=255, required=False)

    spec: AgencySpec | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Agency.objects.agencies().current().order_by("name")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        valid_from = data.get("valid_from")
        plan = plan_one({
            "name": data["name"], "short_name": data.get("short_name"), "level": data["level"],
            "code": data.get("code"), "slug": data.get("slug"), "address": data.get("address"),
            "valid_from": valid_from.isoformat() if valid_from else "",
        }, data["province"])
        for item in plan.errors:
            field = _FIELD_OF_COLUMN.get(item["field"], item["field"])
            self.add_error(field if field in self.fields else None, item["message"])
        if not plan.errors:
            self.spec = plan.agencies[0].spec
            self.spec.parent = data.get("parent")
        return data


class AgencyImportForm(forms.Form):
    file = forms.FileField(label=capfirst(_("CSV file")), help_text=_(
        "UTF-8, comma or semicolon separated, with a header row: code, name, level, and optionally slug, "
        "short_name, parent_code, valid_from (dd/mm/yyyy), address, province_code."))
    province = forms.ModelChoiceField(label=capfirst(_("province")), queryset=Province.objects.all(), required=False,
                                      help_text=_("The province of every line without a province_code."))

    text = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.text = decode_csv(upload)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload
