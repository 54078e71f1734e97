from .base import *  # noqa: F401,F403
from .base import SECRET_KEY, env_bool

if SECRET_KEY.startswith("dev-only"):
    raise RuntimeError("Set SECRET_KEY in production")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
