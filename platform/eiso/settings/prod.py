from . import profile

profile.EXTERNAL_SERVICES_REQUIRED = True  # before base is read: no DATABASE_URL / REDIS_URL is an error

from .base import *  # noqa: E402,F401,F403
from .base import DATABASES, REDIS_URL, SECRET_KEY, env_bool, env_int, env_str  # noqa: E402
from .placeholders import (  # noqa: E402
    password_problem,
    refuse_placeholders,
    secret_key_problem,
    secret_problem,
    url_password,
)

# Never the demo here: it creates the operator `admin` and hundreds of accounts with one published
# password (platform/demo/). Not read from the environment, so nothing can turn it back on in production.
EISO_DEMO_ALLOWED = False

refuse_placeholders([
    secret_key_problem(SECRET_KEY),
    password_problem("DATABASE_URL", DATABASES["default"]["PASSWORD"]),
    password_problem("REDIS_URL", url_password(REDIS_URL)),
    secret_problem("S3_SECRET_KEY", env_str("S3_SECRET_KEY")),
])

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# HTTPS only: the redirect (the probes' /healthz excepted: they speak plain HTTP inside the cluster) and HSTS
# for the base domain and every agency's subdomain. Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading into browsers is a commitment for the whole base domain that its owner makes (SECURE_HSTS_PRELOAD=1
# and a submission to hstspreload.org); not being on the list is not a weakness of this deployment.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]  # noqa: F405
