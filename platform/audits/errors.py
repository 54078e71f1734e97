"""Codes internal audit raises, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("audits", {
    "audits_invalid_value": "A value of the programme, plan or finding is missing, too long or not allowed.",
    "audits_programme_exists": "The year already has an audit programme.",
    "audits_unknown_edition": "No data file describes this edition of the standard.",
    "audits_date_order": "The audit ends before it starts, or falls outside the programme's year.",
    "audits_not_agency_member": "An auditor chosen is not a member of this agency.",
    "audits_auditor_not_independent": "An auditor belongs to a unit the audit covers.",
    "audits_wrong_state": "The audit is not in the state this step needs.",
    "audits_checklist_incomplete": "A checklist line has no finding yet.",
})
