"""Roles a person holds in an agency, and the permissions each grants.

Permissions are named in code and declared on each endpoint and view; a role is a bundle of them.
Supervisor roles, held in the province's DOST tenant, give read access to every agency of that province.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    ISO_SECRETARY = "iso_secretary", _("ISO secretary")
    APPROVER = "approver", _("Approver (head or deputy)")
    STAFF = "staff", _("Staff")
    SUPERVISOR_INSPECTOR = "supervisor_inspector", _("Supervisor inspector")
    SUPERVISOR_ADMIN = "supervisor_admin", _("Supervisor administrator")
    PLATFORM_OPERATOR = "platform_operator", _("Platform operator")


class Perm(models.TextChoices):
    VIEW_QMS = "view_qms", _("Read the agency's QMS")
    EDIT_DOCUMENTS = "edit_documents", _("Draft and edit documents and records")
    REVIEW_DOCUMENTS = "review_documents", _("Review documents")
    APPROVE_DOCUMENTS = "approve_documents", _("Approve documents")
    PUBLISH_DOCUMENTS = "publish_documents", _("Publish and withdraw documents")
    FILE_RECORDS = "file_records", _("File records")
    VIEW_HISTORY = "view_history", _("See the change history")
    MANAGE_AGENCY = "manage_agency", _("Manage the agency's users and settings")
    SUPERVISE = "supervise", _("Read every agency of the province")
    MANAGE_INSPECTIONS = "manage_inspections", _("Plan and record inspections")
    MANAGE_PROVINCE_CATALOGUE = "manage_province_catalogue", _(
        "Keep the province's TTHC catalogue, working-day calendar, legal register and model procedures")
    # The DOST's keepers edit any entry of the register; an agency's editors add the legal documents their
    # documents rest on and change only those (legal.services): one permission, so one door for both.
    ADD_LEGAL_DOCUMENTS = "add_legal_documents", _("Add legal documents to the province's legal register")
    # The ISO secretary keeps the improvement cycle's registers: objectives, context and risks, training,
    # internal audits, nonconformities and corrective actions, management reviews.
    MANAGE_QMS = "manage_qms", _("Keep the QMS registers: objectives, risks, training, audits, nonconformities, reviews")
    # What only the head signs for the agency: the confirmation of effectiveness and the announcement.
    SIGN_FOR_AGENCY = "sign_for_agency", _("Confirm effectiveness and sign the announcement for the agency")
    # The DOST's notices (a new model procedure, an inspection plan) and its reports to the People's
    # Committee and the ministry: supervisors' work, apart from inspecting.
    SEND_NOTICES = "send_notices", _("Send notices to the province's agencies")
    MAKE_PROVINCE_REPORTS = "make_province_reports", _("Make the province's reports and keep their templates")
    OPERATE_PLATFORM = "operate_platform", _("Operate the platform")


ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.STAFF: frozenset({Perm.VIEW_QMS, Perm.FILE_RECORDS}),
    Role.ISO_SECRETARY: frozenset({Perm.VIEW_QMS, Perm.FILE_RECORDS, Perm.EDIT_DOCUMENTS, Perm.REVIEW_DOCUMENTS,
                                   Perm.PUBLISH_DOCUMENTS, Perm.VIEW_HISTORY, Perm.ADD_LEGAL_DOCUMENTS,
                                   Perm.MANAGE_QMS}),
    Role.APPROVER: frozenset({Perm.VIEW_QMS, Perm.FILE_RECORDS, Perm.REVIEW_DOCUMENTS, Perm.APPROVE_DOCUMENTS,
                              Perm.PUBLISH_DOCUMENTS, Perm.VIEW_HISTORY, Perm.SIGN_FOR_AGENCY}),
    Role.AGENCY_ADMIN: frozenset({Perm.VIEW_QMS, Perm.FILE_RECORDS, Perm.EDIT_DOCUMENTS, Perm.VIEW_HISTORY,
                                  Perm.MANAGE_AGENCY, Perm.ADD_LEGAL_DOCUMENTS, Perm.MANAGE_QMS}),
    # Supervisors read agencies of their province; they change nothing inside them.
    Role.SUPERVISOR_INSPECTOR: frozenset({Perm.VIEW_QMS, Perm.SUPERVISE, Perm.MANAGE_INSPECTIONS, Perm.SEND_NOTICES,
                                          Perm.MAKE_PROVINCE_REPORTS}),
    Role.SUPERVISOR_ADMIN: frozenset({Perm.VIEW_QMS, Perm.SUPERVISE, Perm.MANAGE_INSPECTIONS, Perm.VIEW_HISTORY,
                                      Perm.MANAGE_PROVINCE_CATALOGUE, Perm.ADD_LEGAL_DOCUMENTS, Perm.SEND_NOTICES,
                                      Perm.MAKE_PROVINCE_REPORTS}),
    Role.PLATFORM_OPERATOR: frozenset({Perm.VIEW_QMS, Perm.SUPERVISE, Perm.VIEW_HISTORY, Perm.OPERATE_PLATFORM,
                                       Perm.MANAGE_PROVINCE_CATALOGUE, Perm.ADD_LEGAL_DOCUMENTS}),
}

# What remains of anyone's permissions in an agency that no longer accepts changes (suspended or ended).
READ_PERMS = frozenset({Perm.VIEW_QMS, Perm.VIEW_HISTORY, Perm.SUPERVISE})

AGENCY_ROLES = [Role.AGENCY_ADMIN, Role.ISO_SECRETARY, Role.APPROVER, Role.STAFF]
SUPERVISOR_ROLES = [Role.SUPERVISOR_INSPECTOR, Role.SUPERVISOR_ADMIN]

# Who must pass a second factor after the password (accounts.second_factor, EISO_2FA_REQUIRED): whoever
# operates the platform, supervises the province, or signs for an agency (its head or a deputy), in any agency.
SECOND_FACTOR_ROLES = [Role.PLATFORM_OPERATOR, Role.SUPERVISOR_ADMIN, Role.SUPERVISOR_INSPECTOR, Role.APPROVER]
