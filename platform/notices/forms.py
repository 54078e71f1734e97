"""Forms of the notice pages: the DOST's notice (with its audience), the filters, an acknowledgement.
Rules stay in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.models import Agency

from . import selectors
from .models import Notice

LEVELS = [(value, label) for value, label in Agency.Level.choices if value != Agency.Level.SUPERVISOR]
STATES = [("", _("All")), ("pending", _("Not acknowledged")), ("overdue", _("Past the acknowledge-by date")),
          ("acknowledged", _("Acknowledged"))]


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("notice", "Kind"), choices=Notice.Kind.choices)
    title = forms.CharField(label=pgettext_lazy("notice", "Title"), max_length=300)
    body = forms.CharField(label=pgettext_lazy("notice", "Text"), required=False,
                           widget=forms.Textarea(attrs={"rows": 8}))
    link = forms.CharField(label=pgettext_lazy("notice", "Link"), max_length=500, required=False,
                           help_text=_("A page of eISO (e.g. /models/12/) or a web address"))
    attachment = forms.FileField(label=pgettext_lazy("notice", "Attachment"), required=False,
                                 help_text=_("PDF, Word or Excel"))
    reply_by = forms.DateField(label=pgettext_lazy("notice", "Acknowledge by"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    audience = forms.ChoiceField(label=pgettext_lazy("notice", "Send to"), choices=Notice.Audience.choices,
                                 widget=forms.RadioSelect, initial=Notice.Audience.ALL)
    levels = forms.MultipleChoiceField(label=_("Levels"), choices=LEVELS, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    work_fields = forms.MultipleChoiceField(label=_("Fields of work"), required=False, widget=forms.CheckboxSelectMultiple)
    obligations = forms.MultipleChoiceField(label=_("Obligation bases"), choices=Agency.Obligation.choices,
                                            required=False, widget=forms.CheckboxSelectMultiple)
    agencies = forms.MultipleChoiceField(label=_("Agencies"), required=False,
                                         widget=forms.SelectMultiple(attrs={"size": 10}))

    AUDIENCE_FIELD = {Notice.Audience.LEVELS: "levels", Notice.Audience.FIELDS: "work_fields",
                      Notice.Audience.OBLIGATION: "obligations", Notice.Audience.SELECTION: "agencies"}

    def __init__(self, *args, province_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_fields"].choices = [(f, f) for f in selectors.fields_of(province_id)]
        if not self.fields["work_fields"].choices:
            self.fields["work_fields"].help_text = _(
                "No agency of the province has a field of work yet: the DOST sets it on an agency's page.")
        self.fields["agencies"].choices = [
            (str(pk), name) for pk, name in selectors.current_agencies(province_id).order_by("name")
            .values_list("pk", "name")]

    @classmethod
    def initial_of(cls, notice: Notice) -> dict:
        initial = {name: getattr(notice, name) for name in ("kind", "title", "body", "link", "reply_by", "audience")}
        if notice.audience in cls.AUDIENCE_FIELD:
            initial[cls.AUDIENCE_FIELD[notice.audience]] = list(notice.audience_values)
        return initial

    def values(self) -> dict:
        """What the services take: the audience's values from the box its kind names."""
        data = self.cleaned_data
        picked = self.AUDIENCE_FIELD.get(data["audience"])
        return {"kind": data["kind"], "title": data["title"], "body": data["body"], "link": data["link"],
                "reply_by": data["reply_by"], "audience": data["audience"],
                "audience_values": list(data[picked]) if picked else []}


class FilterForm(forms.Form):
    """A list's filters: the values given, as the selectors take them."""

    def filters(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value}


class NoticeFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}))
    kind = forms.ChoiceField(label=pgettext_lazy("notice", "Kind"), required=False,
                             choices=[("", _("All kinds")), *Notice.Kind.choices])
    status = forms.ChoiceField(label=pgettext_lazy("notice", "Status"), required=False,
                               choices=[("", _("All")), *Notice.Status.choices])


class InboxFilterForm(FilterForm):
    state = forms.ChoiceField(label=pgettext_lazy("notice", "Status"), required=False, choices=STATES)
    kind = forms.ChoiceField(label=pgettext_lazy("notice", "Kind"), required=False,
                             choices=[("", _("All kinds")), *Notice.Kind.choices])


class ReceiptFilterForm(FilterForm):
    state = forms.ChoiceField(label=pgettext_lazy("notice", "Status"), required=False, choices=STATES)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels")), *LEVELS])
    q = forms.CharField(label=_("Agency"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}))


class AcknowledgeForm(forms.Form):
    reply = forms.CharField(label=_("Reply (optional)"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 2}))
