"""The supervision pages' ids for the isolation matrix: an agency's page is addressed by its rollup row's key
(the agency's id), which the matrix already builds (supervision.AgencyStatus)."""

WEB_PK_MODELS = [("supervision/agencies/", "supervision.AgencyStatus")]


def build(*, secretary, approver, reader, marker) -> dict:
    return {}
