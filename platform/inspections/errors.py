"""Codes the DOST's inspections raise, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("inspections", {
    "insp_not_dost": "Inspections are planned and recorded by the province's DOST, on its own site.",
    "insp_not_inspected_agency": "Only the inspected agency, on its own site, answers, signs or reports.",
    "insp_invalid_value": "A value is missing, too long or not one of the choices.",
    "insp_plan_exists": "The province already has an inspection plan for this year.",
    "insp_plan_not_draft": "The plan is submitted or approved: its inspections no longer change.",
    "insp_plan_not_submitted": "Only a submitted plan is approved.",
    "insp_plan_empty": "A plan with no inspection cannot be submitted.",
    "insp_plan_not_approved": "Inspections start once the People's Committee approved the plan.",
    "insp_agency_not_inspectable": "The agency is not a current agency of the DOST's province.",
    "insp_agency_in_plan": "The agency is already in this plan.",
    "insp_wrong_form": "The step belongs to the other form of inspection (dossier or on site).",
    "insp_wrong_state": "The inspection is not at the step this action needs.",
    "insp_team_lead": "An on-site team has exactly one team lead.",
    "insp_not_team_lead": "Only the team lead named in the decision signs the record for the team.",
    "insp_no_findings": "The record has no findings: no corrective report is due.",
})
