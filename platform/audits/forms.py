"""Forms of the internal audit pages: the year's programme, a plan, a finding, the report's conclusion."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import selectors, standards
from .models import Grade

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Programme title"), max_length=300, required=False,
                            help_text=_("By default “Internal audit programme <year>”"))
    objectives = forms.CharField(label=_("Objectives of the programme"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))


class PlanForm(forms.Form):
    programme = forms.ChoiceField(label=_("Audit programme"))
    title = forms.CharField(label=_("Audit title"), max_length=300)
    starts_on = forms.DateField(label=_("Audit starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Audit ends on"), widget=DATE)
    edition = forms.ChoiceField(label=_("Standard edition"))
    units = forms.MultipleChoiceField(label=_("Audited units"), required=False, widget=forms.CheckboxSelectMultiple)
    other_units = forms.CharField(label=_("Other audited units"), required=False, help_text=pgettext_lazy("audit", "One per line"),
                                  widget=forms.Textarea(attrs={"rows": 2}))
    processes = forms.CharField(label=_("Audited processes"), required=False, help_text=pgettext_lazy("audit", "One per line"),
                                widget=forms.Textarea(attrs={"rows": 3}))
    clauses = forms.MultipleChoiceField(label=_("Clauses in scope"), required=False,
                                        widget=forms.CheckboxSelectMultiple,
                                        help_text=_("None chosen: every clause that may not be excluded"))
    documents = forms.MultipleChoiceField(label=_("Procedures in scope"), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    lead_auditor = forms.ChoiceField(label=_("Lead auditor"))
    auditors = forms.MultipleChoiceField(label=_("Auditors"), required=False, widget=forms.CheckboxSelectMultiple)
    auditees = forms.CharField(label=_("Auditees"), required=False, help_text=_("The people audited, one per line"),
                               widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, agency, people, **kwargs):
        super().__init__(*args, **kwargs)
        editions = standards.editions()
        self.fields["programme"].choices = [(str(p.pk), p.title) for p in selectors.programmes()]
        self.fields["edition"].choices = [(code, code) for code in editions]
        self.fields["edition"].initial = standards.default_code()
        self.fields["units"].choices = [(unit, unit) for unit in selectors.known_units(agency)]
        self.fields["clauses"].choices = [(c["number"], f"{c['number']} {c['title']}")
                                          for c in editions[standards.default_code()]["clauses"]]
        self.fields["documents"].choices = [(str(d.pk), f"{d.code} {d.title}") for d in selectors.auditable_procedures()]
        people = [(str(p.pk), p.display_name) for p in people]
        self.fields["lead_auditor"].choices = [("", _("— choose the lead auditor —")), *people]
        self.fields["auditors"].choices = people

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["units"] = [*data.pop("units"), *data.pop("other_units").splitlines()]
        data["document_ids"] = [int(pk) for pk in data.pop("documents")]
        data["auditors"] = [int(pk) for pk in data["auditors"]]
        data["lead_auditor"] = int(data["lead_auditor"])
        data["programme"] = selectors.programmes().get(pk=int(data["programme"]))
        return data


class FindingForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    evidence = forms.CharField(label=pgettext_lazy("audit", "Evidence"), widget=forms.Textarea(attrs={"rows": 2}))


class CompleteForm(forms.Form):
    conclusion = forms.CharField(label=_("Conclusion of the audit"), widget=forms.Textarea(attrs={"rows": 4}))
