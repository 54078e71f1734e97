"""Codes the province's TTHC catalogue raises, listed in the API's OpenAPI schema.

Codes are one namespace: `code_required` and `name_required` (declared by documents) mean the same here.
"""

from core.errors import declare

declare("tthc", {
    "not_province_keeper": "Only the DOST of the entry's province, on its own site, may change the catalogue.",
    "code_taken": "Another TTHC of the province already has this code.",
    "value_too_long": "A text is longer than its field allows.",
    "invalid_level": "The level is not one of the agency levels.",
    "invalid_time_limit": "The time limit must be a whole number above zero.",
    "invalid_time_unit": "The time unit must be working_days or working_hours.",
    "invalid_agency": "An assigned agency is not a current agency of the province.",
    "decision_required": "A publication decision needs a number and a signing date.",
    "decision_taken": "The province already has a publication decision with this number.",
    "foreign_decision": "The publication decision belongs to another province.",
    "already_withdrawn": "The TTHC is already withdrawn.",
    "import_rejected": "Rows of the import file are wrong: nothing was applied (see `errors`, by line).",
})
