"""What the isolation matrix walks and what it expects, derived from the code rather than written by hand.

`api_cases()` walks the agency URL resolver (eiso.urls_tenant): every route the API router built from
api.urls.router.registry, with each HTTP method mapped to its action (list, retrieve, create,
partial_update, destroy and every @action), and the plain APIViews of v1 (me/, agency/, ...). `web_cases()`
walks the same resolver for the agency site's named Django views. A new endpoint or page is therefore in
the matrix the moment it is routed; `expected_api()` reads what its action declared (declared_perm) and what
the caller's roles grant (accounts.roles.ROLE_PERMS through accounts.services.roles_in), so no table of
expected answers has to be kept up to date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.views import APIView

from accounts.roles import ROLE_PERMS
from accounts.services import roles_in
from api.permissions import AgencyPermission, declared_perm

# Views that answer without a declared permission, on purpose: logging in must work before one has a
# role, and the OpenAPI schema and its UI describe the API without any data. Anything else without a
# declaration is either refused (fail-closed) or a bug, and test_every_api_action_declares_a_permission says so.
OPEN_API_VIEWS = {"v1:auth-token", "schema", "api-docs"}
# DRF's browsable index of the router: it declares nothing, so AgencyPermission refuses it to everyone.
CLOSED_API_VIEWS = {"v1:api-root"}
# Web pages anyone may open (the log-in page, log-out, the language switch, the load balancer's probe).
OPEN_WEB_VIEWS = {"web:login", "web:logout", "set_language", "healthz",
                  # the agency's public page (/cong-khai/): no log-in, only what is published
                  "public_page:page", "public_page:qr_svg", "public_page:qr_png", "public_page:poster",
                  "public_page:download",
                  # the person's own second factor (web/second_factor.py): no agency data, open to any session
                  "web:otp_verify", "web:otp_setup", "web:otp_backup_codes", "web:otp_remove"}

SKIPPED_METHODS = {"head", "options", "trace"}


@dataclass(frozen=True)
class Case:
    name: str                 # namespaced URL name, e.g. "v1:document-detail"
    method: str               # "get", "post", ...
    action: str               # the viewset action or the APIView's method; for web views the method
    view: type | None         # the DRF view class (None for Django views)
    params: tuple[str, ...]   # path parameters, e.g. ("pk", "signoff_id")
    pattern: str = ""         # the route as written, for messages
    callback: object = field(default=None, compare=False, repr=False)

    @property
    def id_params(self) -> tuple[str, ...]:
        """The parameters naming an object (an export's format names none)."""
        return tuple(p for p in self.params if p != "fmt")

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.pattern} ({self.name}, action {self.action})"

    @property
    def perm(self) -> str | None:
        return declared_perm(self.view, self.action) if self.view is not None else getattr(
            self.callback, "agency_perm", None)

    @property
    def fail_closed(self) -> bool:
        """Whether the view is guarded by AgencyPermission (and so refuses what it did not declare)."""
        return self.view is not None and any(
            issubclass(permission, AgencyPermission) for permission in self.view.permission_classes)


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), (f"{namespace}{entry.name}" if entry.name else None), entry


def _params(route: str) -> tuple[str, ...]:
    names = re.findall(r"\(\?P<(\w+)>", route) + re.findall(r"<(?:\w+:)?(\w+)>", route)
    return tuple(dict.fromkeys(n for n in names if n != "format"))


def _all_cases(urlconf="eiso.urls_tenant"):
    seen = set()
    for route, name, entry in _walk(get_resolver(urlconf)):
        if name is None or name in seen:
            continue  # format-suffix twins share the name of the route they extend
        seen.add(name)
        callback = entry.callback
        params = _params(route)
        actions = getattr(callback, "actions", None)
        view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        if actions and view_class is not None:  # a router route: method -> viewset action
            for method, action in actions.items():
                if method not in SKIPPED_METHODS:
                    yield Case(name, method, action, view_class, params, route, callback)
        elif view_class is not None and issubclass(view_class, APIView):
            for method in view_class.http_method_names:
                if method not in SKIPPED_METHODS and hasattr(view_class, method):
                    yield Case(name, method, method, view_class, params, route, callback)
        else:
            yield Case(name, "get", "get", None, params, route, callback)


def api_cases() -> list[Case]:
    return [case for case in _all_cases() if case.view is not None]


def web_cases(methods=("get",)) -> list[Case]:
    """The agency site's named pages, once per method: a GET page may also be POSTed to, and a POST-only
    page may also be fetched; neither may open anything to a caller without the page's permission."""
    pages = [case for case in _all_cases() if case.view is None and case.name not in OPEN_WEB_VIEWS]
    return [replace(case, method=method, action=method) for case in pages for method in methods]


def api_model(case: Case):
    """The model a DRF route's `pk` designates (its viewset's `model` or queryset)."""
    model = getattr(case.view, "model", None)
    if model is None and getattr(case.view, "queryset", None) is not None:
        model = case.view.queryset.model
    return model


# Web routes name the object by position, not by model: which kind of id each URL prefix takes.
WEB_PK_MODELS = [("documents/revisions/", "documents.Revision"), ("documents/attachments/", "documents.Attachment"),
                 ("documents/signoffs/", "documents.Signoff"), ("documents/records/", "records.Record"),
                 ("notifications/", "notifications.Notification"), ("calendar/", "workdays.ProvinceCalendarDay"),
                 ("documents/", "documents.Document"), ("tthc/entries/", "tthc.TthcEntry"),
                 ("dossiers/imports/", "dossiers.DossierImport"), ("models/", "model_procedures.ModelProcedure"),
                 ("legal/entries/", "legal.LegalDocument"), ("committee/members/", "committee.CommitteeMember"),
                 ("committee/decisions/", "committee.CommitteeDecision")]


def area_object_builders() -> list:
    """The areas' own contributions to the matrix: each `tests/<area>/matrix_objects.py` has
    `build(*, secretary, approver, reader, marker) -> {model label or parameter: [ids]}` (run in the agency's
    schema, through the area's services) and may list `WEB_PK_MODELS` for its pages' URL prefixes."""
    import importlib
    from pathlib import Path

    tests_dir = Path(__file__).resolve().parent.parent
    return [importlib.import_module(f"tests.{path.parent.name}.matrix_objects")
            for path in sorted(tests_dir.glob("*/matrix_objects.py"))]


def web_pk_models() -> list[tuple[str, str]]:
    return [pair for area in area_object_builders() for pair in getattr(area, "WEB_PK_MODELS", [])] + WEB_PK_MODELS


def param_key(case: Case, param: str) -> str:
    """Which kind of id a path parameter takes: a model label for `pk`, else the parameter's own name."""
    if param != "pk":
        return param  # a new kind of parameter has no ids yet: the matrix fails (KeyError) until given some
    if case.view is not None:
        return api_model(case)._meta.label
    return next(model for prefix, model in web_pk_models() if case.pattern.startswith(prefix))


def granted(user, agency) -> frozenset[str]:
    """What the caller's roles in `agency` grant, from accounts.roles.ROLE_PERMS."""
    perms: set[str] = set()
    for role in roles_in(user, agency):
        perms |= ROLE_PERMS[role]
    return frozenset(perms)


def expected_api(case: Case, user, agency) -> str:
    """'refused' when the caller may not call this action in `agency`, else 'allowed'."""
    perm = case.perm
    if user is None or perm is None or perm not in granted(user, agency):
        return "refused"
    return "allowed"


def write_body(ids: dict) -> dict:
    """One plausible body for every write of the API, naming objects by the ids given (another agency's,
    in the cross-schema test): an id that resolves nowhere must be refused, not validated away as missing."""
    return {"document": ids["documents.Document"], "requirement": ids["records.RecordRequirement"],
            "users": [ids["accounts.User"]], "approvers": [ids["accounts.User"]], "reviewers": [],
            "code": "MX-01", "title": "Ma trận cách ly", "kind": "form", "year": 2025, "reference": "Kệ 3, hộp 7",
            "name": "Sổ theo dõi", "reason": "Thử cách ly", "decision": "agreed", "comment": "Thử",
            "content": "<p>Thử</p>", "change_summary": "Thử", "note": "Thử",
            "legal_document": ids["legal.LegalDocument"], "number": "99/2026/TT-MX", "articles": "Điều 1"}
