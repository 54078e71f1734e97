"""What the OpenAPI schema says beyond each view's own annotations: the token scheme, and the refusals every
operation may answer, so a client (and the fuzzer in tests/api/test_fuzz.py) meets no undocumented status.

- 401: no credentials, or a token that is unknown, expired or another agency's;
- 403: the caller's roles lack the permission the action declared (api/permissions.py);
- 404: an id (in the path or the body) that is not in this agency, or a page past the last one;
- 400: a write whose input a rule refused ({code, detail}, the Error component) or a serializer refused
  (each field's messages, FieldErrors).

It also writes into the request schemas checks DRF's fields make that drf-spectacular leaves out (no NUL
in a text; a required text is not blank once trimmed; a decimal has a digit; a file is not empty), so
what the schema allows is accepted.

DRF's own refusals carry only `detail`; a domain rule's also carry `code`: the `Refusal` component says so.
"""

from __future__ import annotations

import re

from drf_spectacular.extensions import OpenApiAuthenticationExtension

REFUSAL = {
    "type": "object",
    "description": "A refused request: `detail` is the reason in the caller's language; `code` is there when a "
                   "rule of the domain said no (the codes of the Error component).",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Input the serializers refused: each field's messages (nested as the input is), and "
                   "`non_field_errors` for the whole.",
    "additionalProperties": {},
}
OPEN_OPERATIONS = {"/api/v1/auth/token/"}  # anyone may ask for a token: no 401/403 for lacking one
WRITES = {"post", "put", "patch", "delete"}


class AgencyTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.AgencyTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "`Token <key>` (or `Bearer <key>`) from POST /api/v1/auth/token/, valid only on "
                               "the agency that issued it."}


def _refusal(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Refusal"}}}}


def document_refusals(result, generator, request, public):
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Refusal"] = REFUSAL
    schemas["FieldErrors"] = FIELD_ERRORS
    bad_input = {"anyOf": [{"$ref": "#/components/schemas/Error"}, {"$ref": "#/components/schemas/FieldErrors"}]} \
        if "Error" in schemas else {"$ref": "#/components/schemas/FieldErrors"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if path not in OPEN_OPERATIONS:
                responses["401"] = _refusal("No valid credentials for this agency.")
                responses["403"] = _refusal("The caller may not do this here.")
                responses["404"] = _refusal("Not found in this agency: the object named in the path or the body, "
                                            "or a page past the last one.")
            takes_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
            if method in WRITES or takes_query or "400" in responses:
                described = responses.get("400", {}).get("content", {}).get("application/json", {}).get("schema")
                if described is None or described == {"$ref": "#/components/schemas/Error"}:
                    responses["400"] = {"description": "A rule said no ({code, detail}), or the input was malformed "
                                                       "(each field's messages).",
                                        "content": {"application/json": {"schema": bad_input}}}
    for name, schema in schemas.items():
        if name.endswith("Request"):
            _tighten(schema)
    return result


# DRF's DecimalField pattern lets "" and "-" through (every digit optional); DRF refuses them.
_DECIMAL = re.compile(r"^\^-\?\\d\{0,(\d+)\}\(\?:\\\.\\d\{0,(\d+)\}\)\?\$$")


def _tighten(schema: dict) -> None:
    """Say in the request schemas what DRF's fields check beyond their type: a text has no NUL character
    and, when required non-blank, is not blank once trimmed (CharField's trim_whitespace); a decimal has a
    digit; a file is not empty. Into arrays' items too."""
    for prop in schema.get("properties", {}).values():
        if prop.get("readOnly"):
            continue
        _tighten_value(prop)
        if isinstance(prop.get("items"), dict):
            _tighten_value(prop["items"])


def _tighten_value(prop: dict) -> None:
    if prop.get("type") != "string":
        return
    if prop.get("format") == "binary":
        prop.setdefault("minLength", 1)  # an empty upload is refused ("No file was submitted")
    elif prop.get("format") == "decimal" and _DECIMAL.match(prop.get("pattern", "")):
        prop["pattern"] = prop["pattern"].replace("^-?", "^-?(?=\\.?\\d)", 1)
    elif not ({"pattern", "format", "enum"} & prop.keys()):
        # DRF refuses NUL ("Null characters are not allowed") and, unless blank is allowed, a blank text.
        prop["pattern"] = "^[^\\x00]*[^\\s\\x00][^\\x00]*$" if prop.get("minLength", 0) >= 1 else "^[^\\x00]*$"
