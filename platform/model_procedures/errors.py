"""Codes the model procedures raise, listed in the API's OpenAPI schema. The procedure rules' codes
(steps_exceed_time_limit, invalid_time, ...) are procedures'; `code_taken` is the TTHC catalogue's."""

from core.errors import declare

declare("model_procedures", {
    "not_model_keeper": "Only the DOST of the model's province, on its own site, may write model procedures.",
    "model_title_required": "A model procedure needs a code (at most 32 characters, no spaces) and a title.",
    "model_edition_frozen": "A published model edition never changes; write a new edition.",
    "model_draft_exists": "The model already has a draft edition: finish or publish it first.",
    "model_no_draft": "The model has no draft edition to publish.",
    "model_draft_incomplete": "A model edition needs its spec and steps before it is published.",
    "model_not_published": "The model has no published edition yet.",
    "model_not_for_agency": "Only an agency of the model's province may adopt it.",
    "already_adopted": "The agency has already adopted this model.",
    "model_not_adopted": "The agency has not adopted this model.",
    "adopted_document_missing": "The agency's document adopted from the model no longer exists.",
    "model_edition_under_review": "The agency's procedure has an edition in review or approved: finish it first.",
})
