"""Every code a rule raises is declared (so the OpenAPI schema lists it), and the API maps it."""

import re
from pathlib import Path

import pytest

from core.errors import DomainError, catalogue, declare

ROOT = Path(__file__).resolve().parents[2]
RAISED = re.compile(r"DomainError\(\s*\"([a-z_]+)\"")


def raised_codes() -> dict[str, str]:
    found = {}
    for folder in ("platform", "tenants", "api"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for code in RAISED.findall(path.read_text(encoding="utf-8")):
                found.setdefault(code, str(path.relative_to(ROOT)))
    return found


def test_every_raised_code_is_declared():
    declared = {entry.code for entry in catalogue()}
    raised = raised_codes()
    assert len(raised) > 30  # the scan itself works
    undeclared = {code: where for code, where in raised.items() if code not in declared}
    assert not undeclared, f"declare these codes in the app's errors.py: {undeclared}"


def test_a_code_belongs_to_one_app():
    with pytest.raises(ValueError, match="declared by documents and elsewhere"):
        declare("elsewhere", {"duplicate_code": "taken twice"})


def test_domain_error_keeps_code_message_and_status():
    error = DomainError("not_found", "Không tìm thấy.", status_code=404)
    assert (error.code, error.message, error.status_code, str(error)) == ("not_found", "Không tìm thấy.", 404,
                                                                           "Không tìm thấy.")
    assert DomainError("x", "y").status_code == 400


@pytest.mark.django_db
def test_openapi_lists_every_declared_code(client):
    schema = client.get("/api/schema/?format=json", HTTP_HOST="so-tu-phap.localhost").json()
    code = schema["components"]["schemas"]["Error"]["properties"]["code"]
    ref = code.get("$ref") or (code.get("allOf") or [{}])[0].get("$ref")
    if ref:  # drf-spectacular names enums as components of their own
        code = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    enum = set(code["enum"])
    assert enum == {entry.code for entry in catalogue()}
    assert {"duplicate_code", "locked_out", "unknown_permission", "not_found"} <= enum
    # and the refusals point at it
    submit = schema["paths"]["/api/v1/revisions/{id}/submit/"]["post"]["responses"]["400"]
    refusals = submit["content"]["application/json"]["schema"]["anyOf"]  # a rule's {code, detail}, or field errors
    assert [ref["$ref"].rsplit("/", 1)[1] for ref in refusals] == ["Error", "FieldErrors"]
