"""Codes the TTHC procedure rules raise, listed in the API's OpenAPI schema. A frozen edition answers
documents' own `revision_frozen`, as its text and files do."""

from core.errors import declare

declare("procedures", {
    "not_a_tthc_procedure": "Only a document of kind tthc_procedure has a TTHC procedure's data.",
    "steps_exceed_time_limit": "The steps' times add up to more than the procedure's total time limit.",
    "steps_required": "A TTHC procedure needs at least one step.",
    "step_incomplete": "Every step needs what is done and who is responsible.",
    "invalid_time": "A time limit or a step's time must be a positive number of working days or hours.",
    "tthc_codes_required": "A TTHC procedure names at least one TTHC code.",
    "invalid_tthc_code": "A TTHC code is a non-empty string without spaces.",
})
