"""The answer while the database cannot be reached (restarting, failing over, out of connections).

Django turns an exception it does not expect into a 500 and a logged traceback; a database that is away for
a minute is expected, and the caller should be told to come back, not that eISO is broken. Both URL
configurations name `server_error` as their handler500: when the exception being handled is a lost or
refused database connection it answers 503 with Retry-After (JSON under /api/, a page in Vietnamese and
English otherwise, rendered without touching the database); anything else is Django's usual 500. Nothing
was written: the request's transaction never committed, and the client may send it again.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 30

DETAIL = ("Hệ thống tạm thời gián đoạn: cơ sở dữ liệu đang khởi động lại. Chưa có gì được lưu; vui lòng gửi lại "
          "sau ít phút. — eISO is briefly unavailable: its database is restarting. Nothing was saved; please "
          "send again in a minute.")


def database_away(exc: BaseException | None) -> bool:
    return isinstance(exc, (OperationalError, InterfaceError))


def server_error(request, *args, **kwargs):
    if not database_away(sys.exc_info()[1]):
        return django_server_error(request, *args, **kwargs)
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": "service_unavailable", "detail": DETAIL}, status=503)
    else:
        response = HttpResponse(render_to_string("core/unavailable.html", {"seconds": RETRY_AFTER_SECONDS}),
                                status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
