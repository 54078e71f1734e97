"""Placeholder secrets that production settings refuse (eiso/settings/prod.py).

The repository ships stand-ins so development, tests, the compose file and the Helm chart work out of the
box: a default SECRET_KEY in base.py, `compose-only-secret-change-me`, a `change-me` database password.
In production any of them would let a stranger forge sessions or reach the database, so the process refuses
to start instead, saying which setting to fix.
"""

from __future__ import annotations

from urllib.parse import unquote, urlparse

# Fragments that only a stand-in contains (compared case-insensitively).
PLACEHOLDER_FRAGMENTS = ("dev-only", "change-me", "changeme", "change_me", "insecure", "compose-only",
                         "build-only", "placeholder", "example", "your-secret", "replace-me", "secret-key")
# Whole values that are guesses, not passwords (the compose file's database password was `eiso`).
PLACEHOLDER_PASSWORDS = {"eiso", "password", "postgres", "secret", "admin", "root", "123456", "eiso-demo-2026"}
MIN_SECRET_KEY_LENGTH = 50  # Django's own deployment check asks for 50 characters, 5 of them different
GENERATE_HINT = "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"


def _placeholder(value: str) -> bool:
    lowered = value.lower()
    return lowered in PLACEHOLDER_PASSWORDS or any(fragment in lowered for fragment in PLACEHOLDER_FRAGMENTS)


def secret_key_problem(key: str) -> str | None:
    if not key:
        return f"SECRET_KEY is not set; {GENERATE_HINT}"
    if _placeholder(key):
        return f"SECRET_KEY is a placeholder from the repository; {GENERATE_HINT}"
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < 5:
        return f"SECRET_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters or too repetitive; {GENERATE_HINT}"
    return None


def password_problem(name: str, password: str) -> str | None:
    """A placeholder password, e.g. the one inside DATABASE_URL or REDIS_URL (empty: none is used)."""
    if password and _placeholder(password):
        return f"{name} carries a placeholder password; set the real one"
    return None


def url_password(url: str) -> str:
    return unquote(urlparse(url).password or "")


def secret_problem(name: str, value: str) -> str | None:
    """An optional secret (S3_SECRET_KEY, …): empty is allowed, a stand-in is not."""
    if value and _placeholder(value):
        return f"{name} is a placeholder; set the real one"
    return None


def refuse_placeholders(problems: list[str | None]) -> None:
    found = [problem for problem in problems if problem]
    if found:
        raise RuntimeError("Production settings refuse to start: " + "; ".join(found) + ".")
