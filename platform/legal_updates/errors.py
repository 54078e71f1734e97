"""Codes an agency's legal links raise, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("legal_updates", {
    "legal_link_unknown": "The legal document is not in the register of the agency's province.",
    "legal_link_exists": "The document already rests on this legal document.",
    "legal_link_too_long": "The articles cited are longer than 300 characters.",
})
