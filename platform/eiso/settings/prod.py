from .base import *  # noqa: F401,F403
from .base import DATABASES, REDIS_URL, SECRET_KEY, env_bool, env_str
from .placeholders import (
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
