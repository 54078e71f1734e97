"""Codes the DOST's notices raise, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("notices", {
    "not_notice_sender": "Only the DOST of the notice's province, on its own site, may write and send notices.",
    "notice_invalid_value": "A value of the notice is wrong (kind, title, text, link, audience or date).",
    "notice_no_recipients": "The notice's audience names no current agency of the province.",
    "notice_not_draft": "Only a draft notice may be changed, sent or withdrawn.",
    "notice_not_for_agency": "Only the agency that received the notice may read or acknowledge it, on its own site.",
    "notice_already_acknowledged": "The agency has already acknowledged this notice.",
    "notice_not_sent": "Only a sent notice has receipts to remind.",
})
