"""Codes the nonconformities and corrective actions raise, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("nonconformities", {
    "nc_invalid_value": "A value of the nonconformity or action is missing, too long or not allowed.",
    "nc_wrong_state": "The nonconformity is not at the step this change needs.",
    "nc_closed": "The nonconformity is closed and can no longer change.",
    "nc_action_open": "A corrective action is still open.",
    "nc_no_actions": "No corrective action is planned yet.",
    "nc_effectiveness_missing": "The effectiveness of the actions has not been checked yet.",
    "nc_not_effective": "The effectiveness check found the actions not effective.",
    "nc_not_agency_member": "The owner chosen is not a member of this agency.",
    "nc_action_done": "The corrective action is already done.",
    "nc_not_owner": "Only the action's owner or the ISO secretary may mark the action done.",
    "nc_date_order": "A date is in the future or before the step it follows.",
})
