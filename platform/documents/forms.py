"""Forms of the documents pages: they collect and check input; every rule lives in documents.services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from accounts.roles import Perm
from accounts.selectors import members  # every person picker, web and API, lists the same people

from . import legal_basis
from .models import Document, DocumentKind, Revision, RevisionState, Signoff
from .selectors import DocumentFilters

PROCEDURE_KINDS = [DocumentKind.SYSTEM_PROCEDURE, DocumentKind.INTERNAL_PROCEDURE, DocumentKind.TTHC_PROCEDURE,
                   DocumentKind.QUALITY_MANUAL]


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} · {obj.job_title}" if obj.job_title else obj.display_name


class MembersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} · {obj.job_title}" if obj.job_title else obj.display_name


class RichTextarea(forms.Textarea):
    """A plain textarea holding simple HTML; the template adds a small formatting toolbar."""

    template_name = "documents/widgets/richtext.html"

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 18, "class": "richtext", **(attrs or {})})


class DocumentFilterForm(forms.Form):
    DUE_CHOICES = [("", _("Any review date")), ("overdue", _("Due for review now")),
                   ("soon", _("Review due within 30 days"))]

    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                                      "placeholder": _("Code, title, content…")}))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds"))] + DocumentKind.choices)
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All states"))] + RevisionState.choices)
    owner_unit = forms.ChoiceField(label=_("Owner unit"), required=False)
    due = forms.ChoiceField(label=_("Review"), required=False, choices=DUE_CHOICES)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].choices = [("", _("All units"))] + [(u, u) for u in units]

    def filters(self) -> DocumentFilters:
        data = self.cleaned_data
        return DocumentFilters(q=data["q"] or "", kind=data["kind"], state=data["state"],
                               owner_unit=data["owner_unit"], due=data["due"])


class DocumentForm(forms.ModelForm):
    """Metadata of a document; `content` only when creating (edition 1 is drafted with it)."""

    content = forms.CharField(label=_("Content"), required=False, widget=RichTextarea)

    class Meta:
        model = Document
        fields = ["code", "title", "kind", "owner_unit", "owner", "procedure", "review_interval_months"]
        field_classes = {"owner": MemberChoiceField}
        labels = {"kind": _("Kind"), "title": _("Title"), "owner": _("Owner"), "procedure": _("Belongs to procedure")}

    def __init__(self, *args, agency, with_content=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members(agency)
        procedures = Document.objects.filter(kind__in=PROCEDURE_KINDS)
        if self.instance.pk:
            procedures = procedures.exclude(pk=self.instance.pk)
        self.fields["procedure"].queryset = procedures
        self.fields["procedure"].empty_label = _("(none)")
        self.fields["owner"].empty_label = _("(none)")
        self.fields["code"].widget.attrs.update({"autocomplete": "off", "class": "mono"})
        self.fields["review_interval_months"].widget.attrs.update({"min": 1, "max": 120})
        if not with_content:
            del self.fields["content"]

    def _get_validation_exclusions(self):
        # Code uniqueness (in any letter case) is the service's rule, answered with a translated
        # DomainError "duplicate_code" where it is enforced under a lock, not by the form.
        return {*super()._get_validation_exclusions(), "code"}

    def validate_unique(self):
        pass

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("content", None)
        return data


class LegalReferenceForm(forms.Form):
    number = forms.CharField(label=_("Number and symbol"), max_length=64, required=False,
                             widget=forms.TextInput(attrs={"placeholder": "26/2014/TT-BKHCN"}))
    title = forms.CharField(label=pgettext_lazy("legal document", "Title"), max_length=300, required=False)
    issuer = forms.CharField(label=_("Issuing body"), max_length=150, required=False)
    issued_on = forms.DateField(label=_("Issued on"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    effective_on = forms.DateField(label=_("Effective on"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    articles = forms.CharField(label=_("Articles"), max_length=150, required=False)

    def clean(self):
        data = super().clean()
        if any(data.get(name) for name in ("title", "issuer", "issued_on", "effective_on", "articles")) \
                and not data.get("number"):
            self.add_error("number", _("Give the number and symbol of the legal document."))
        return data


LegalReferenceFormSet = forms.formset_factory(LegalReferenceForm, extra=1, max_num=30)


def legal_reference_initial(document) -> list[dict]:
    return [{"number": r.number, "title": r.title, "issuer": r.issuer, "issued_on": r.issued_on,
             "effective_on": r.effective_on, "articles": r.articles} for r in legal_basis.citations(document)]


def legal_references_from(formset) -> list[dict]:
    return [form.cleaned_data for form in formset.forms
            if form.cleaned_data and form.cleaned_data.get("number")]


class DraftForm(forms.ModelForm):
    class Meta:
        model = Revision
        fields = ["content", "change_summary", "change_reason"]
        widgets = {"content": RichTextarea, "change_summary": forms.Textarea(attrs={"rows": 2}),
                   "change_reason": forms.Textarea(attrs={"rows": 2})}


class StartRevisionForm(forms.Form):
    change_summary = forms.CharField(label=_("What changes"), widget=forms.Textarea(attrs={"rows": 2}),
                                     max_length=2000)
    change_reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                                    required=False)


class SubmitForm(forms.Form):
    reviewers = MembersChoiceField(label=_("Reviewers"), queryset=User.objects.none(), required=False,
                                   widget=forms.CheckboxSelectMultiple)
    review_policy = forms.ChoiceField(label=_("Reviews needed"), choices=Revision.Policy.choices,
                                      initial=Revision.Policy.ALL, widget=forms.RadioSelect)
    approvers = MembersChoiceField(label=_("Approvers"), queryset=User.objects.none(),
                                   widget=forms.CheckboxSelectMultiple)
    approval_policy = forms.ChoiceField(label=_("Approvals needed"), choices=Revision.Policy.choices,
                                        initial=Revision.Policy.ANY, widget=forms.RadioSelect)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = members(agency, Perm.REVIEW_DOCUMENTS)
        self.fields["approvers"].queryset = members(agency, Perm.APPROVE_DOCUMENTS)
        self.fields["approvers"].error_messages["required"] = _("Choose at least one approver.")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[(Signoff.Decision.AGREED, _("Agree")),
                                          (Signoff.Decision.CHANGES_REQUESTED, _("Request changes"))])
    comment = forms.CharField(label=_("Comment"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == Signoff.Decision.CHANGES_REQUESTED and not data.get("comment", "").strip():
            self.add_error("comment", _("Say what should change."))
        return data


class PublishForm(forms.Form):
    issue_date = forms.DateField(label=_("Issue date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"issue_date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (DOCX, PDF, XLSX)"))


class DistributeForm(forms.Form):
    users = MembersChoiceField(label=_("Distribute to"), queryset=User.objects.none(),
                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, agency, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = members(agency).exclude(pk__in=[u.pk for u in exclude])
        self.fields["users"].error_messages["required"] = _("Choose the people to distribute the document to.")
