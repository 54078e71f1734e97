"""Codes the agency registry's operations raise, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("tenants", {
    "unreadable_file": "The uploaded file is not UTF-8 CSV.",
})
