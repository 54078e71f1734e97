"""Codes the province's legal register raises, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("legal", {
    "legal_number_required": "A legal document needs its number and symbol (at most 64 characters).",
    "legal_number_taken": "The province's register already has a legal document with this number.",
    "legal_invalid_value": "A value of the legal document is wrong (kind, status, dates, link or length).",
    "legal_not_keeper": "Only the DOST, or the agency that added the entry, may change this legal document.",
    "legal_foreign_entry": "A TTHC named is not in this province's catalogue.",
    "legal_invalid_months": "The months to update procedures must be a whole number from 1 to 24.",
})
