"""Settings every environment shares. `dev`, `test` and `prod` import from here and adjust."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab  # noqa: F401  (re-exported for schedule declarations)
from django.utils.translation import gettext_lazy as _

from .parsers import database_from_url, env_bool, env_int, env_list, env_str

PLATFORM_DIR = Path(__file__).resolve().parents[2]
REPO_ROOT = PLATFORM_DIR.parent

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)

# The base domain agencies live under: <agency-slug>.<EISO_BASE_DOMAIN>. The bare base domain is the
# public site (province landing page, platform administration).
EISO_BASE_DOMAIN = env_str("EISO_BASE_DOMAIN", "localhost")
EISO_PUBLIC_PORT = env_str("EISO_PUBLIC_PORT", "")  # appended to links in development, e.g. "8000"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [EISO_BASE_DOMAIN, f".{EISO_BASE_DOMAIN}", "testserver"])

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "accounts",
    "supervision",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "knox",  # API tokens: hashed, expiring, one per client; ours carry the agency they open (accounts.ApiToken)
    "django_otp",  # the second factor: authenticator apps (TOTP) and single-use backup codes
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",  # log-in attempts and lock-outs: users are global, so their failures are counted once, in public
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "django_filters",
    "django_htmx",
    "pgtrigger",
    "pghistory",
    "core",
    "audit_trail",  # log-ins, roles, users and agencies: who, where, when, in hash chains per agency
    "printing",
    "workdays",
    "web",
    "demo",
    "tthc",  # the province's TTHC catalogue: one copy per province, in public
    "model_procedures",  # the province's model procedures and who adopted them, in public
    "legal",  # the province's legal register, kept by the DOST and added to by agencies, in public
    "inspections",  # the DOST's inspections (Circular 26/2014 Arts. 33–39), in public; findings land in agencies
    "notices",  # the DOST's notices to agencies and who acknowledged them, in public
    "province_reports",  # the November and December reports, built from the rollup by a task
    "lineage",  # mergers, splits, renames recorded by the DOST (tenants.LineageEvent); successors read predecessors
]

# Apps whose tables live once per agency schema. Every QMS area is one app here.
# contenttypes stays shared only: no agency table refers to it, and its int key would be the one
# non-bigint table in every agency schema.
TENANT_APPS = [
    "pgtrigger",
    "pghistory",
    "documents",
    "records",
    "procedures",
    "legal_updates",  # an agency's links to the legal register and its legal update tasks
    "notifications",
    "dossiers",  # one-stop dossiers imported for on-time rates
    "committee",  # the ISO steering committee (Ban chỉ đạo ISO)
    "objectives",  # quality policy and objectives (6.2)
    "risks",  # context, interested parties, risks and opportunities (4.1, 4.2, 6.1)
    "training",  # training sessions and each person's training record (7.2)
    "nonconformities",  # nonconformities and corrective actions (10.2)
    "audits",  # internal audit: programme, plans, checklists, findings (9.2)
    "reviews",  # management review: inputs gathered, outputs, actions (9.3)
    "announcement",  # confirmation, announcement of conformity, publication state
    "history_seal",  # every history event sealed in a hash chain by a trigger; verify_history checks it
]

INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Agency"
TENANT_DOMAIN_MODEL = "tenants.Domain"
# django-tenants sends `SET search_path` before every query unless told to send it once per schema change (it
# resets its memory on rollback and savepoint rollback); the setting is measured in bench/RESULTS.md.
TENANT_LIMIT_SET_CALLS = env_bool("EISO_LIMIT_SET_CALLS", False)
PUBLIC_SCHEMA_NAME = "public"
# The template schema every new agency is created from (see tenants/provisioning.py).
EISO_TEMPLATE_SCHEMA = "eiso_template"
# How a new agency schema is made: "ddl" replays the template's cached DDL (flat in tenant count),
# "clone" uses django-tenants' clone_schema, "migrate" runs every migration. Only bench/ changes it.
EISO_TENANT_CREATION = env_str("EISO_TENANT_CREATION", "ddl")
# Seconds a hostname -> agency lookup is cached in each process.
EISO_TENANT_CACHE_SECONDS = env_int("EISO_TENANT_CACHE_SECONDS", 30)

DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

MIDDLEWARE = [
    "tenants.middleware.CachedTenantMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session passed the second factor (django-otp); then the people whose
    # roles require one are kept on the second step until they pass it (accounts.second_factor).
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "audit_trail.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.ObservabilityMiddleware",
    # Turns a lock-out flagged during authentication into the lock-out page (web.views.locked_out).
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp): scripts only from our own static files (Chart.js and htmx are
# vendored; no inline script, no CDN), no framing, forms post only to the site itself. Inline style attributes
# stay allowed: templates use a few, and a style cannot run code.
from csp.constants import NONE, SELF, UNSAFE_INLINE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

ROOT_URLCONF = "eiso.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "eiso.urls_public"
WSGI_APPLICATION = "eiso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "web.context_processors.eiso",
            ],
        },
    },
]


def _required_url(name: str) -> str:
    """The URL of an external service; under production settings its absence is an error, not a cue to
    start an embedded one (an empty database that would look like a working, wiped province)."""
    from django.core.exceptions import ImproperlyConfigured

    from . import profile

    url = env_str(name)
    if not url and profile.EXTERNAL_SERVICES_REQUIRED:
        raise ImproperlyConfigured(f"{name} is not set: production settings never start an embedded service")
    return url


def _database_url() -> str:
    url = _required_url("DATABASE_URL")
    if url:
        return url
    from eiso.localservices import embedded_postgres_url

    return embedded_postgres_url(env_str("EISO_DB_NAME", "eiso"))


DATABASES = {"default": database_from_url(_database_url())}
# Finite: a connection that visited many schemas holds their catalog cache (docs/SCALE.md).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _redis_url() -> str:
    url = _required_url("REDIS_URL")
    if url:
        return url
    from eiso.localservices import embedded_redis_url

    return embedded_redis_url(env_int("EISO_REDIS_PORT", 6390))


REDIS_URL = _redis_url()

# django-redis rather than Django's own Redis cache: with IGNORE_EXCEPTIONS a Redis outage is a cache miss
# (public pages rendered again, throttles counting from zero) instead of a 500 on every page that caches.
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "eiso",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out username+address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    # 12 characters at least (a phrase is easier to remember than a short jumble), not the username or the
    # person's name, not a known common password, not only digits.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ["username", "full_name", "email"]}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Log-in throttling (django-axes) on every log-in door: agency log-in pages, the API token endpoint and the
# platform admin. A lock-out holds one username from one address: by username alone anyone could lock the
# chairman out of every office, and by address alone one mistyping clerk behind a commune's shared NAT
# address would lock out the whole commune. Users are global, so failures on every agency's subdomain add
# up (an attacker gains nothing by trying each agency). The cool-off is fixed from the lock-out: attempts
# during it are refused without extending it, so "try again in N minutes" stays true.
AXES_FAILURE_LIMIT = env_int("EISO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("EISO_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "web.views.locked_out"
# Logs name only the lock-out key (username, address, masked), without a banner on every manage.py command.
AXES_VERBOSE = False
# The client address: REMOTE_ADDR, or behind N trusted reverse proxies (ingress, load balancer) the Nth
# address from the right of X-Forwarded-For, the one the outermost trusted proxy saw (accounts/login.py).
EISO_TRUSTED_PROXY_COUNT = env_int("EISO_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.login.client_ip"

# A second factor (django-otp: an authenticator app, or a single-use backup code) after the password for
# the platform's operators, the DOST's supervisors and every agency's head or deputy (accounts.second_factor).
# Development (settings/dev.py) turns it off by default so the demo's accounts log in with the password alone.
EISO_2FA_REQUIRED = env_bool("EISO_2FA_REQUIRED", True)
# The name authenticator apps show beside the account; seconds between wrong codes double from 1 (per device).
OTP_TOTP_ISSUER = env_str("EISO_2FA_ISSUER", "eISO")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PLATFORM_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = REPO_ROOT / "var" / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Without collectstatic (development, tests) WhiteNoise serves straight from the apps' static folders.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(REPO_ROOT / "var" / "media")))
# Where the admin's "export" action writes one agency's archive (tenants/backup.py; deploy/README.md)
EISO_BACKUP_DIR = Path(env_str("EISO_BACKUP_DIR", str(REPO_ROOT / "var" / "backups")))
MEDIA_URL = "/media/"
STORAGES = {
    # Files are stored under a folder per agency schema (see core/storage.py).
    "default": {"BACKEND": "core.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if env_str("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "core.storage.TenantS3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "access_key": env_str("S3_ACCESS_KEY") or None,
            "secret_key": env_str("S3_SECRET_KEY") or None,
        },
    }

# API tokens (django-rest-knox): a hash in the database, never the token; each expires; each is bound to the
# agency whose site issued it (accounts.ApiToken, api.authentication.AgencyTokenAuthentication).
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # nosec B105  # a model's name, not a secret
REST_KNOX = {
    "TOKEN_MODEL": "accounts.ApiToken",  # nosec B105  # a model's name, not a secret
    "TOKEN_TTL": timedelta(hours=env_int("EISO_API_TOKEN_HOURS", 24 * 30)),
    "TOKEN_LIMIT_PER_USER": env_int("EISO_API_TOKENS_PER_USER", 20),
    "AUTH_HEADER_PREFIX": "Token",
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "api.authentication.AgencyTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.AgencyPermission"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["api.base.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "eISO API",
    "DESCRIPTION": "ISO 9001:2015 quality management for Vietnamese state agencies. Every agency has its own "
    "API at https://<agency>.<base-domain>/api/v1/; authenticate with a session or a token from "
    "POST /api/v1/auth/token/ sent as `Authorization: Token <key>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI assets come from the drf-spectacular-sidecar package, not a CDN (no outside network).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per shared choice set (a revision's review and approval policies use the same choices).
    "ENUM_NAME_OVERRIDES": {"SignoffPolicyEnum": "documents.models.Revision.Policy",
                            "SignoffStepEnum": "documents.models.Signoff.Step",
                            "RiskKindEnum": "risks.models.RiskKind", "RiskStatusEnum": "risks.models.RiskStatus"},
    # The refusals every operation may answer (401, 403, 404, 400 on writes), documented once (api/schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.document_refusals"],
}

# Celery: Redis broker; tasks run in the schema they were sent from (tenant-schemas-celery).
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# At least once. A task is acknowledged when it ends, and one whose worker died (kill -9, the OOM killer, a
# node lost) is delivered again: every task is idempotent (docs/ARCHITECTURE.md, "Background work"). A
# message the dead worker had taken comes back after the visibility timeout, which must stay above the longest
# countdown a task is given (mail retries: 10 minutes). One message at a time per process, so a killed
# process takes no queue of others with it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("EISO_BROKER_VISIBILITY_TIMEOUT", 1800),
    "unacked_restore_interval": env_int("EISO_BROKER_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": env_int("EISO_BROKER_RESTORE_THROTTLE", 10),
    "socket_connect_timeout": 2,
}
# Redis refusing a message must not hold the request: two quick tries, then core.outbox keeps it.
# Fault drills only (core/failpoints.py, tests/faults/): places where a worker lingers so it can be killed there.
EISO_FAILPOINTS = set(env_list("EISO_FAILPOINTS", []))
EISO_FAILPOINT_SECONDS = float(env_str("EISO_FAILPOINT_SECONDS", "0.3"))
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# A worker process that visits many schemas holds their catalog cache: recycle it (docs/SCALE.md).
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 200)
CELERY_TASK_TENANT_CACHE_SECONDS = 30
CELERY_TIMEZONE = TIME_ZONE
# Province-wide work goes to its own queue: the worker takes from both in turn, so an agency's refresh on
# change waits behind one chunk of the nightly recompute, not behind all of them.
CELERY_TASK_ROUTES = {"*.fan_out_*": {"queue": "fanout"}, "supervision.refresh_statuses": {"queue": "fanout"}}
CELERY_TASK_DEFAULT_QUEUE = "celery"
# How many agencies one fan-out chunk visits before the next chunk is sent.
EISO_FANOUT_CHUNK = env_int("EISO_FANOUT_CHUNK", 50)
# Agencies per task of the nightly rollup recompute (supervision.refresh_statuses): ~1-2 s of work each.
EISO_ROLLUP_CHUNK = env_int("EISO_ROLLUP_CHUNK", 25)
# The recompute answers for an agency's never-used tables without reading them (supervision/table_use.py);
# off: every table of every agency is read (what a country of agencies using every area costs; a check).
EISO_ROLLUP_SKIP_UNUSED = env_bool("EISO_ROLLUP_SKIP_UNUSED", True)
# Owners are reminded this many days before a document's periodic review is due (documents/tasks.py).
EISO_REVIEW_REMINDER_DAYS = env_int("EISO_REVIEW_REMINDER_DAYS", 14)

SENTRY_DSN = env_str("SENTRY_DSN")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", "development")

# `manage.py seed_demo` and `make demo` create accounts with one published password (platform/demo/):
# production settings turn this off and nothing can turn it back on there.
EISO_DEMO_ALLOWED = env_bool("EISO_DEMO_ALLOWED", True)
# Monitoring sends it as "Authorization: Bearer <token>" to see /healthz's per-check figures; unset, nobody does.
EISO_HEALTH_TOKEN = env_str("EISO_HEALTH_TOKEN", "")

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "eiso@localhost")
# Uploads: the file itself, and what an Office file (a zip) may unpack to (documents.uploads: zip bombs).
EISO_MAX_UPLOAD_MB = env_int("EISO_MAX_UPLOAD_MB", 20)
EISO_MAX_UNPACKED_MB = env_int("EISO_MAX_UNPACKED_MB", 200)
# Seconds a delivery may wait on the mail server; delivery runs in Celery (core.mail), never in a request.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

# pgtrigger and django-tenants both replace the migrate command's autodetector; they agree on what matters
# (trigger operations live in the migration files), so Django 5.2's sameness check is silenced.
# Events written in one transaction keep their real order (NOW() would give them one timestamp).
PGHISTORY_CREATED_AT_FUNCTION = "CLOCK_TIMESTAMP()"
PGHISTORY_BASE_MODEL = "core.models.Event"

SILENCED_SYSTEM_CHECKS = ["django_tenants.W001", "commands.E001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "embedded_postgres": {"level": "WARNING"}},
}

from core.observability import init_sentry  # noqa: E402

SENTRY_ENABLED = init_sentry(SENTRY_DSN, SENTRY_ENVIRONMENT)
