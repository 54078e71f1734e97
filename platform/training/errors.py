"""Codes training raises, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("training", {
    "training_invalid_value": "A value of the session or attendance is missing, too long or not allowed.",
    "training_not_agency_member": "An attendee chosen is not a member of this agency.",
    "training_already_held": "The session is already held.",
    "training_not_held_yet": "The session is still planned: attendance and results are recorded once it is held.",
    "training_held_in_future": "A session cannot be held after today.",
    "training_no_attendees": "A session is held with at least one attendee.",
})
