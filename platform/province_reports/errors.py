"""Codes the province reports raise, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("province_reports", {
    "not_report_maker": "Only the province's DOST, on its own site, makes its reports and keeps their templates.",
    "report_kind_unknown": "The report is not one of november_people_committee or december_ministry.",
    "report_year_invalid": "The year is not one a report can be made for.",
    "report_template_invalid": "The uploaded Word template cannot be read or does not render: nothing changed.",
    "report_template_too_large": "The uploaded Word template is larger than allowed.",
    "report_not_done": "The report's files are not there: it is not done.",
})
