"""Codes the supervision app raises, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("supervision", {
    "not_supervisor_site": "Weights and obligation bases are kept by the province's DOST, on its own site.",
    "unknown_indicator": "The key names no indicator that can be scored.",
    "invalid_weight": "A weight is a whole number from 0 to 100.",
    "invalid_obligation_basis": "The obligation basis must be mandatory, encouraged or provincial_plan.",
    "not_supervised": "The agency is not a current agency supervised by the caller's DOST.",
})
