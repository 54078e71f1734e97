"""Codes management review raises, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("reviews", {
    "review_invalid_value": "A value of the review or action is missing, too long or not allowed.",
    "review_chair_not_head": "The chair must be a member of the agency who signs for it (its head or deputy).",
    "review_not_agency_member": "The person chosen is not a member of this agency.",
    "review_period_order": "The period covered ends before it begins, or a date is out of order.",
    "review_held": "The review has been held: its plan and inputs are frozen.",
    "review_inputs_not_prepared": "The review's inputs must be prepared before its minutes are recorded.",
    "review_action_done": "The action is already done.",
    "review_not_action_owner": "Only the action's owner or the ISO secretary records its result.",
})
