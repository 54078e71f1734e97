"""Forms of the steering committee page: record a decision, appoint, change a role, remove."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import CommitteeDecision, CommitteeRole, DecisionKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=64,
                             widget=forms.TextInput(attrs={"placeholder": "125/QĐ-UBND"}))
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    signer = forms.CharField(label=_("Signed by"), max_length=150)
    title = forms.CharField(label=_("Decision title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of decision"), choices=DecisionKind.choices)
    reference = forms.CharField(label=_("Where the signed decision is"), max_length=300, required=False,
                                help_text=_("A link or where the paper is filed"))


class _DecisionChoice(forms.Form):
    decision = forms.ModelChoiceField(label=_("By decision"), queryset=CommitteeDecision.objects.none(),
                                      empty_label=_("— choose the decision —"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = CommitteeDecision.objects.all()
        self.fields["decision"].label_from_instance = lambda d: f"{d.number} ({d.signed_on:%d/%m/%Y})"
        for field in self.fields.values():  # the forms in a member's row show no <label>
            field.widget.attrs.setdefault("aria-label", field.label)


class AppointForm(_DecisionChoice):
    role = forms.ChoiceField(label=_("Role on the committee"), choices=CommitteeRole.choices)
    user = forms.ModelChoiceField(label=_("Person of the agency"), required=False, queryset=None,
                                  empty_label=_("— someone without an account —"))
    name = forms.CharField(label=_("Or full name"), max_length=150, required=False,
                           help_text=_("For someone without an account"))
    position = forms.CharField(label=_("Position"), max_length=200, required=False,
                               widget=forms.TextInput(attrs={"placeholder": _("e.g. Phó Chủ tịch UBND xã")}))
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=DATE,
                                help_text=_("By default the day the decision was signed"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        self.fields["user"].label_from_instance = lambda u: u.display_name

    def clean(self):
        data = super().clean()
        if not data.get("user") and not (data.get("name") or "").strip():
            raise ValidationError(_("Choose a person of the agency or write the member's full name."))
        return data


class ChangeRoleForm(_DecisionChoice):
    role = forms.ChoiceField(label=_("New role"), choices=CommitteeRole.choices)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)


class RemoveForm(_DecisionChoice):
    left_on = forms.DateField(label=_("Left on"), required=False, widget=DATE)
