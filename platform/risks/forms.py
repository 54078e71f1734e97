"""Forms of the context page, the register, a risk's page and the matrix settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import MATRIX_SIZES, AssessmentBasis, IssueCategory, Level, RiskKind, RiskStatus, Side, Treatment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = {"rows": 3}


class IssueForm(forms.Form):
    side = forms.ChoiceField(label=_("Internal or external"), choices=Side.choices)
    category = forms.ChoiceField(label=pgettext_lazy("context issue", "Category"), choices=IssueCategory.choices)
    description = forms.CharField(label=pgettext_lazy("context issue", "Issue"), max_length=2000,
                                  widget=forms.Textarea(attrs=TEXT))
    effect = forms.CharField(label=_("Effect on the QMS"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs=TEXT))
    noted_on = forms.DateField(label=_("Noted on"), required=False, widget=DATE,
                               help_text=_("By default today"))
    relevant = forms.BooleanField(label=_("Still relevant"), required=False, initial=True)


class PartyForm(forms.Form):
    name = forms.CharField(label=_("Interested party"), max_length=200,
                           widget=forms.TextInput(attrs={"placeholder": _("e.g. Người dân, doanh nghiệp")}))
    needs = forms.CharField(label=_("Needs and expectations"), max_length=2000, widget=forms.Textarea(attrs=TEXT))
    monitoring = forms.CharField(label=_("How they are monitored"), max_length=2000, required=False,
                                 widget=forms.Textarea(attrs=TEXT))
    relevant = forms.BooleanField(label=_("Still relevant"), required=False, initial=True)


def _scale(grid, labels) -> list[tuple[int, str]]:
    return [(value, f"{value} – {label}") for value, label in zip(grid.scale, labels, strict=True)]


class RiskForm(forms.Form):
    kind = forms.ChoiceField(label=_("Risk or opportunity"), choices=RiskKind.choices)
    title = forms.CharField(label=pgettext_lazy("risk register", "Title"), max_length=300)
    process = forms.CharField(label=_("Process"), max_length=200, required=False,
                              widget=forms.TextInput(attrs={"placeholder": _("e.g. Tiếp nhận và trả kết quả")}))
    documents = forms.TypedMultipleChoiceField(label=_("Related procedures"), coerce=int, required=False,
                                               widget=forms.SelectMultiple(attrs={"size": 5}))
    cause = forms.CharField(label=_("Cause"), max_length=4000, required=False, widget=forms.Textarea(attrs=TEXT))
    consequence = forms.CharField(label=_("Consequence"), max_length=4000, required=False,
                                  widget=forms.Textarea(attrs=TEXT))
    likelihood = forms.TypedChoiceField(label=_("Likelihood"), coerce=int)
    impact = forms.TypedChoiceField(label=_("Impact"), coerce=int)
    treatment = forms.ChoiceField(label=_("Treatment"), choices=Treatment.choices,
                                  help_text=_("Risks: accept, reduce, avoid or transfer; opportunities: exploit "
                                              "or enhance"))
    actions = forms.CharField(label=_("Treatment actions"), max_length=4000, required=False,
                              widget=forms.Textarea(attrs=TEXT))
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    review_on = forms.DateField(label=_("Review date"), widget=DATE)

    def __init__(self, *args, grid, people, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["likelihood"].choices = _scale(grid, grid.likelihood_labels)
        self.fields["impact"].choices = _scale(grid, grid.impact_labels)
        self.fields["owner"].choices = [("", _("— choose the owner —"))] + [
            (person.pk, person.display_name) for person in people]
        self.fields["documents"].choices = [(d.pk, f"{d.code} – {d.title}") for d in documents]


class ReassessForm(forms.Form):
    likelihood = forms.TypedChoiceField(label=_("Residual likelihood"), coerce=int)
    impact = forms.TypedChoiceField(label=_("Residual impact"), coerce=int)
    assessed_on = forms.DateField(label=_("Assessed on"), required=False, widget=DATE,
                                  help_text=_("By default today"))
    review_on = forms.DateField(label=_("Next review date"), required=False, widget=DATE)
    note = forms.CharField(label=_("What the treatment achieved"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs=TEXT))

    def __init__(self, *args, grid, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["likelihood"].choices = _scale(grid, grid.likelihood_labels)
        self.fields["impact"].choices = _scale(grid, grid.impact_labels)


class MatrixForm(forms.Form):
    size = forms.TypedChoiceField(label=_("Matrix size"), coerce=int,
                                  choices=[(size, f"{size} × {size}") for size in MATRIX_SIZES])
    medium_from = forms.IntegerField(label=_("Medium from score"), min_value=2, max_value=25)
    high_from = forms.IntegerField(label=_("High from score"), min_value=3, max_value=25)
    likelihood_labels = forms.CharField(label=_("Likelihood labels"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 5}),
                                        help_text=_("One per line, lowest first; empty for the default labels"))
    impact_labels = forms.CharField(label=_("Impact labels"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                    help_text=_("One per line, lowest first; empty for the default labels"))


class RiskFilterForm(forms.Form):
    """The register's filters (selectors.RiskFilters reads the same names from the query string)."""

    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Risk or opportunity"), required=False,
                             choices=[("", _("All"))] + list(RiskKind.choices))
    status = forms.ChoiceField(label=pgettext_lazy("risk register", "Status"), required=False,
                               choices=[("", _("All"))] + list(RiskStatus.choices))
    level = forms.ChoiceField(label=pgettext_lazy("risk register", "Level"), required=False,
                              choices=[("", _("All"))] + list(Level.choices))
    basis = forms.ChoiceField(label=_("Scores"), required=False, choices=AssessmentBasis.choices)
    overdue = forms.BooleanField(label=_("Review overdue"), required=False)
