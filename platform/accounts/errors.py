"""Codes about people and roles, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("accounts", {
    "locked_out": "Too many failed log-ins for this username from this address; wait for the cool-off.",
    "unknown_permission": "The permission named in the query does not exist.",
})
