"""Codes about people and roles, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("accounts", {
    "unknown_permission": "The permission named in the query does not exist.",
})
