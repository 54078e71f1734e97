"""What every log-in door (agency pages, the API token endpoint) says when it refuses, and how a refusal
is counted towards django-axes' lock-out (settings: AXES_* in eiso/settings/base.py)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# One sentence for a wrong password and for an account with no role in this agency: telling them apart
# would tell a stranger which usernames exist (and where they work).
LOGIN_REFUSED = _("The username or password is wrong, or this account may not log in here.")


def cooloff_minutes() -> int:
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def locked_out_message() -> str:
    minutes = cooloff_minutes()
    return ngettext("Too many failed log-in attempts. Wait %(minutes)d minute and try again.",
                    "Too many failed log-in attempts. Wait %(minutes)d minutes and try again.",
                    minutes) % {"minutes": minutes}


def count_refusal(request, username: str, second_factor: bool = False) -> bool:
    """Count a log-in refused after the password matched (no role here, or a wrong second-factor code) as a
    failure, as axes counts a wrong password; True when this refusal locks the username out from this address."""
    credentials = {"username": username, **({"second_factor": True} if second_factor else {})}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return is_locked_out(request)


def is_locked_out(request) -> bool:
    """Set by axes on the request it was given (for the API, DRF's Request) when it refused or locked."""
    return bool(getattr(request, "axes_locked_out", False))


def client_ip(request) -> str | None:
    """The address lock-outs are keyed on (AXES_CLIENT_IP_CALLABLE).

    Behind EISO_TRUSTED_PROXY_COUNT reverse proxies each proxy appends the address it received from to
    X-Forwarded-For, so the client is the Nth entry from the right; entries further left were written by
    the client and could be forged to dodge a lock-out. Without trusted proxies the header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR")
    hops = settings.EISO_TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        return remote
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
