"""Codes quality objectives raise, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("objectives", {
    "objective_invalid_value": "A value of the objective or measurement is missing, too long or not allowed.",
    "objective_invalid_year": "The objective's year is too far in the past or the future.",
    "objective_not_agency_member": "The responsible person is not a member of this agency.",
    "objective_period_not_started": "The measurement's period has not begun yet.",
    "objective_computed": "The objective is computed from the dossiers: its values are refreshed, not entered.",
    "objective_not_computed": "The objective is measured by hand: there is nothing to compute.",
})
