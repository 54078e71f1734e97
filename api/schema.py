"""What the OpenAPI schema says beyond each view's own annotations: the token scheme, and the refusals every
operation may answer, so a client (and the fuzzer in tests/api/test_fuzz.py) meets no undocumented status.

- 401: no credentials, or a token that is unknown, expired or another agency's;
- 403: the caller's roles lack the permission the action declared (api/permissions.py);
- 404: an id that is not in this agency (every operation with a path parameter), or a page past the last
  one (every paginated list);
- 400: a write whose input a rule refused ({code, detail}, the Error component), where the view did not say.

DRF's own refusals carry only `detail`; a domain rule's also carry `code`: the `Refusal` component says so.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension

REFUSAL = {
    "type": "object",
    "description": "A refused request: `detail` is the reason in the caller's language; `code` is there when a "
                   "rule of the domain said no (the codes of the Error component).",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail"],
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
    result.setdefault("components", {}).setdefault("schemas", {})["Refusal"] = REFUSAL
    has_error = "Error" in result["components"]["schemas"]
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            parameters = operation.get("parameters", [])
            if path not in OPEN_OPERATIONS:
                responses["401"] = _refusal("No valid credentials for this agency.")
                responses["403"] = _refusal("The caller may not do this here.")
            if "{" in path or any(p.get("in") == "query" and p.get("name") == "page" for p in parameters):
                responses["404"] = _refusal("Not found in this agency (or a page past the last one).")
            if method in WRITES and "400" not in responses and has_error:
                responses["400"] = {"description": "A rule said no: {code, detail}.",
                                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return result
