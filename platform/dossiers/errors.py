"""Codes the dossier import raises, listed in the API's OpenAPI schema."""

from core.errors import declare

declare("dossiers", {
    "dossier_file_type": "The dossier file must be CSV (.csv) or JSON (.json).",
    "dossier_file_too_large": "The dossier file is larger than the import accepts.",
    "dossier_file_encoding": "The dossier file is not UTF-8 text.",
})
