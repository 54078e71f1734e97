"""Codes the context and risk register raise, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("risks", {
    "risks_invalid_value": "A value is missing, too long or not one of the choices.",
    "risks_score_out_of_range": "A likelihood or impact is outside the agency's risk matrix.",
    "risks_bad_matrix": "The matrix size, labels or level thresholds are not consistent.",
    "risks_matrix_too_small": "Risks are scored above the size of the smaller matrix asked for.",
    "risks_wrong_treatment": "The treatment does not fit a risk (accept, reduce, avoid, transfer) or an "
                             "opportunity (exploit, enhance).",
    "risks_not_agency_member": "The owner chosen is not a member of this agency.",
    "risks_unknown_document": "A related procedure is not a document of this agency.",
    "risks_closed": "The risk is closed: reopen it first.",
    "risks_not_closed": "The risk is not closed.",
})
