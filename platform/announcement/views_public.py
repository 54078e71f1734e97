"""The agency's public page (/cong-khai/): no log-in, what each area registered in core.public_page, cached
per agency (dropped by core.public_page.changed()); its QR code and the A4 sheet for the reception desk; and
the download of the files of effective procedures and forms, nothing else."""

from __future__ import annotations

import io

from django.core.cache import cache
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from core.public_page import cache_key, sections

from . import public

CACHE_SECONDS = 600  # kept at most this long; a service's changed() drops it at once
MAX_AGE = 300  # what browsers and proxies may keep


def _agency(request):
    """The agency of the subdomain; the DOST and the system schemas have no public page."""
    from tenants.models import Agency

    tenant = getattr(request, "tenant", None)
    if not isinstance(tenant, Agency) or tenant.kind != Agency.Kind.AGENCY or tenant.is_supervisor:
        raise Http404
    return tenant


def _public(response, max_age: int = MAX_AGE):
    patch_cache_control(response, public=True, max_age=max_age)
    patch_vary_headers(response, ["Cookie"])  # the language switch
    return response


def public_url(agency) -> str:
    return agency.site_url(reverse("public_page:page"))


def render_page(request, agency) -> str:
    blocks = []
    for section in sections:
        context = section.collect()
        if context:
            blocks.append({"key": section.key,
                           "html": render_to_string(section.template, {**context, "agency": agency})})
    return render_to_string("announcement/public/page.html",
                            {"agency": agency, "blocks": blocks, "qr_url": reverse("public_page:qr_svg"),
                             "poster_url": reverse("public_page:poster")}, request=None)


def page(request):
    agency = _agency(request)
    key, language = cache_key(connection.schema_name), get_language()
    cached = cache.get(key) or {}
    html = cached.get(language)
    if html is None:
        html = render_page(request, agency)
        cache.set(key, {**cached, language: html}, CACHE_SECONDS)
    return _public(HttpResponse(html))


def _qr(agency):
    import segno

    return segno.make(public_url(agency), error="m")


def qr_svg(request):
    out = io.BytesIO()
    _qr(_agency(request)).save(out, kind="svg", scale=8, border=2, title="eISO")
    return _public(HttpResponse(out.getvalue(), content_type="image/svg+xml"), 86400)


def qr_png(request):
    out = io.BytesIO()
    _qr(_agency(request)).save(out, kind="png", scale=10, border=2)
    response = HttpResponse(out.getvalue(), content_type="image/png")
    response["Content-Disposition"] = 'attachment; filename="cong-khai-qr.png"'
    return _public(response, 86400)


def poster(request):
    """An A4 sheet to print for the reception desk: the agency, the QR code, the address."""
    agency = _agency(request)
    svg = _qr(agency).svg_inline(scale=12, border=2)
    return _public(render(request, "announcement/public/poster.html",
                          {"agency": agency, "qr_svg": svg, "url": public_url(agency)}))


def download(request, pk):
    """A file of an effective procedure or form, as the public page lists it; anything else is not found."""
    _agency(request)
    attachment = get_object_or_404(public.public_attachments(), pk=pk)
    if not attachment.file:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type or "application/octet-stream")
    return _public(response)
