"""The second factor after the password (django-otp): an authenticator app (TOTP) and ten single-use
backup codes, for the people whose roles require it (roles.SECOND_FACTOR_ROLES) while EISO_2FA_REQUIRED.

django-otp keeps the secrets, checks the codes, refuses a code used already and slows down wrong codes per
device (1, 2, 4 … seconds); here are only the rules of eISO around it: who must have one, one app per
person, backup codes shown once, a fresh code to remove it, every wrong code counted by django-axes like a
wrong password, and each step in the audit trail. The pages are web.second_factor; the API's token door
asks through `check_for_token`.
"""

from __future__ import annotations

import math
import re

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit_trail.services import record
from core.errors import DomainError

from .login import count_refusal, is_locked_out
from .models import Membership
from .roles import SECOND_FACTOR_ROLES

BACKUP_CODES = 10
APP_DEVICE_NAME = "app"
BACKUP_DEVICE_NAME = "backup"
_TOTP_CODE = re.compile(r"^\d{6}$")


# Whether the roles of the session's person needed the second factor when they logged in: decided once
# per log-in (user_logged_in), so the pages of everyone else cost no query more. A role that needs it,
# granted during a session, applies from the person's next log-in; its own pages check afresh.
ROLES_NEED_IT_SESSION_KEY = "eiso_2fa_roles"


def required(user) -> bool:
    """Whether this person must pass the second factor: an operator, or a supervisor or head (deputy) in
    any agency. Off altogether when EISO_2FA_REQUIRED is off."""
    if not settings.EISO_2FA_REQUIRED or user is None or not user.is_authenticated:
        return False
    return _roles_need_it(user)


def required_in_session(request) -> bool:
    """`required` for the session's person, as decided at their log-in (afresh for an older session)."""
    if not settings.EISO_2FA_REQUIRED:
        return False
    decided = request.session.get(ROLES_NEED_IT_SESSION_KEY)
    return required(request.user) if decided is None else bool(decided)


def remember_at_log_in(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver (accounts.apps): keep the decision in the new session."""
    if request is not None and hasattr(request, "session"):
        request.session[ROLES_NEED_IT_SESSION_KEY] = _roles_need_it(user)


def _roles_need_it(user) -> bool:
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role__in=SECOND_FACTOR_ROLES).exists()


def is_verified(user) -> bool:
    """The session passed the second factor (OTPMiddleware sets `is_verified` on request.user)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def app_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def start_enrolment(user) -> TOTPDevice:
    """The app not yet confirmed (a new secret the first time; the same until confirmed, so a reload keeps
    the QR code the person may have scanned already)."""
    if app_device(user) is not None:
        raise DomainError("otp_enrolled", _("This account already has an authenticator app; remove it first."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG (no script, no outside request: the CSP allows it)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#111", light="#fff")
    return mark_safe(svg)  # nosec B308 B703  # segno's own markup: the link is drawn as modules, never written as text


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app that cannot scan."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def confirm_enrolment(request, device: TOTPDevice, code: str) -> list[str]:
    """The first code from the app confirms it; the session counts as verified and ten backup codes are
    made (returned to be shown once: only they, never their list, can be read again)."""
    user = request.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        accepted = _accepts(device, code)
        if accepted:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _replace_backup_codes(user)
    if not accepted:
        raise _refuse(request, user)
    _log_session_in(request, device)
    record("auth.otp_enrolled", agency=_tenant(request), actor=user, target=user.username)
    return codes


def new_backup_codes(request) -> list[str]:
    """Ten new backup codes; the old ones stop working."""
    user = request.user
    with transaction.atomic():
        codes = _replace_backup_codes(user)
    record("auth.otp_backup_codes_renewed", agency=_tenant(request), actor=user, target=user.username)
    return codes


def verify(request, code: str):
    """The second step after the password: a code from the app or a backup code. Marks the session
    verified, or raises DomainError (a wrong code is counted towards the lock-out like a wrong password)."""
    user = request.user
    with transaction.atomic():
        device = _device_for(user, code, for_update=True)
        accepted = _accepts(device, code)
    if not accepted:
        raise _refuse(request, user)
    _log_session_in(request, device)
    record("auth.otp_verified", agency=_tenant(request), actor=user, target=user.username,
           method="backup" if isinstance(device, StaticDevice) else "app")
    return device


def remove(request, code: str) -> None:
    """Remove the app and the backup codes, on a fresh code from either. A person whose roles require the
    second factor is sent to enrol again."""
    user = request.user
    with transaction.atomic():
        accepted = _accepts(_device_for(user, code, for_update=True), code)
        if accepted:
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
    if not accepted:
        raise _refuse(request, user)
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    user.otp_device = None
    record("auth.otp_removed", agency=_tenant(request), actor=user, target=user.username)


def check_for_token(request, user, code: str | None) -> None:
    """The API's token door (api.auth): a person who needs the second factor sends `otp` with the password.
    Nothing is returned; DomainError says why not (401 missing or wrong, 403 not set up, 429 throttled)."""
    if not required(user):
        return
    if app_device(user) is None:
        raise DomainError("otp_not_enrolled", _(
            "This account must set up its second factor on the website before it can get an API token."),
            status_code=403)
    if not (code or "").strip():
        raise DomainError("otp_required", _(
            "This account needs a second factor: send the code from the authenticator app (or a backup code) "
            "as “otp”."), status_code=401)
    with transaction.atomic():
        accepted = _accepts(_device_for(user, code, for_update=True), code)
    if not accepted:
        raise _refuse(request, user)
    record("auth.otp_verified", agency=_tenant(request), actor=user, target=user.username, method="token")


# --- inside ----------------------------------------------------------------------------------------------

def _tenant(request):
    return getattr(request, "tenant", None)


def _clean(code: str | None) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def _device_for(user, code: str, for_update: bool = False):
    """The device a code is for, by its shape: six digits from the app, otherwise a backup code. One device
    only is tried, so a wrong code slows down only the device it was meant for (django-otp's advice)."""
    model = TOTPDevice if _TOTP_CODE.match(_clean(code)) else StaticDevice
    devices = model.objects.filter(user=user, confirmed=True)
    if for_update:
        devices = devices.select_for_update()
    return devices.first()


def _accepts(device, code: str) -> bool:
    """Whether `device` takes `code` (django-otp: refuses a code used already, slows down wrong ones). The
    caller holds the device's row lock and returns False out of its transaction, so the throttle django-otp
    wrote is committed; a throttled device raises at once (nothing to keep then)."""
    if device is None:
        return False
    allowed, extra = device.verify_is_allowed()
    if not allowed:
        raise DomainError("otp_throttled", _throttled_message(extra), status_code=429)
    return device.verify_token(_clean(code))


def _refuse(request, user) -> DomainError:
    # Counted by django-axes towards the lock-out, and in the audit trail as auth.otp_failed.
    if count_refusal(request, user.get_username(), second_factor=True) or is_locked_out(request):
        return DomainError("locked_out", _("Too many wrong codes: this account is locked out from this address "
                                           "for a while. Log in again later."), status_code=429)
    return DomainError("otp_invalid", _("The code is wrong, was used already, or has expired."), status_code=401)


def _throttled_message(extra: dict | None) -> str:
    seconds = 1
    if extra and extra.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS and extra.get("locked_until"):
        seconds = max(1, math.ceil((extra["locked_until"] - timezone.now()).total_seconds()))
    return ngettext("Too many wrong codes. Wait %(seconds)d second and try again.",
                    "Too many wrong codes. Wait %(seconds)d seconds and try again.", seconds) % {"seconds": seconds}


def _replace_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _log_session_in(request, device) -> None:
    """A new session key for the raised privilege, then django-otp's mark on it."""
    request.session.cycle_key()
    django_otp.login(request, device)
