"""Codes the lineage services raise (mergers, splits, renames, dissolutions recorded by the DOST)."""

from core.errors import declare

declare("lineage", {
    "lineage_not_keeper": "Only the DOST of the province, on its own site, records mergers, splits and renames.",
    "lineage_other_province": "An agency named is not an agency of the DOST's province.",
    "lineage_already_ended": "A predecessor already ended (valid_to set or historical): it cannot end twice.",
    "lineage_same_agency": "An agency is named both as predecessor and as successor.",
    "lineage_bad_count": "Too few or too many agencies for this kind of event (a merger needs 2+, a split 2+).",
    "lineage_bad_date": "The effective date is too far in the future or before a predecessor existed.",
    "lineage_legal_basis": "The legal basis (the decision or resolution) is empty or too long.",
    "lineage_bad_name": "The new name is empty, too long or the same as the current one.",
    "lineage_bad_successor": "The new successor agency could not be created (subdomain, code, level).",
})
