"""Codes the working-day calendar raises, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("workdays", {
    "calendar_day_taken": "The province already has a change for that date.",
    "calendar_day_pointless": "The date is already a day off (or already a working day) nationally.",
    "calendar_reason_required": "A change to the calendar needs its reason.",
    "not_the_province_supervisor": "Only the DOST of the province keeps its calendar.",
    "invalid_day_count": "A number of working days must be between 0 and 3650.",
})
