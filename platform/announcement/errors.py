"""Codes the confirmation and announcement of conformity raise, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("announcement", {
    "announcement_invalid_value": "A value of the confirmation or announcement is missing, too long or not allowed.",
    "announcement_not_applied": "The system is not applied yet (or is announced and unchanged): nothing to confirm "
                                "or announce.",
    "announcement_not_confirmed": "The head has not confirmed the system's effectiveness since the last "
                                  "announcement.",
    "announcement_number_taken": "An announcement with this decision number is already recorded.",
    "announcement_date_order": "A date is in the future or before the confirmation it follows.",
})
