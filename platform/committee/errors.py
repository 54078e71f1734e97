"""Codes the ISO steering committee raises, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("committee", {
    "committee_invalid_value": "A value of the decision or member is missing, too long or not allowed.",
    "committee_number_taken": "A committee decision with this number is already recorded.",
    "committee_not_established": "No decision establishing the committee is recorded yet.",
    "committee_has_head": "The committee already has a head: the current head must leave first.",
    "committee_already_member": "The person already serves on the committee.",
    "committee_not_agency_member": "The person chosen is not a member of this agency.",
    "committee_member_left": "The member has already left the committee.",
    "committee_date_order": "A date is before the decision or the member's joining.",
})
