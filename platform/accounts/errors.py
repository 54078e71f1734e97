"""Codes about people and roles, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("accounts", {
    "locked_out": "Too many failed log-ins for this username from this address; wait for the cool-off.",
    "otp_required": "This account needs a code from its authenticator app (or a backup code) in `otp`.",
    "otp_invalid": "The second-factor code is wrong, used already, or expired.",
    "otp_throttled": "Too many wrong second-factor codes: wait before trying again.",
    "otp_enrolled": "This account already has an authenticator app; remove it before setting up another.",
    "otp_not_enrolled": "This account must set up its second factor on the website before it can get a token.",
    "unknown_permission": "The permission named in the query does not exist.",
})
