import os

os.environ.setdefault("EISO_REDIS_PORT", "6391")  # never share the demo's Redis

from .base import *  # noqa: E402,F401,F403
from .base import STORAGES  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
EISO_TENANT_CACHE_SECONDS = 0

from .base import REPO_ROOT, TEMPLATES  # noqa: E402

# Templates only tests render (e.g. a panel a test registers in core.worklist).
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0].get("DIRS", []), REPO_ROOT / "tests" / "templates"]

# Areas' tests read mail.outbox right after the change: deliver after commit in-process. The queued path
# itself (Celery task, retry, sweep, Redis down) is tested in tests/core/test_mail.py with this off.
EISO_MAIL_EAGER = True

# Under pytest-xdist each worker has its own test database (test_eiso_gw0, ...): give it its own Redis
# database too, so one worker's cached pages and queued tasks (same agency slugs, other rows) never reach the other.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER.startswith("gw"):
    import re as _re

    from .base import CACHES  # noqa: E402

    REDIS_URL = _re.sub(r"(/\d+)?$", f"/{int(_XDIST_WORKER[2:]) + 1}", REDIS_URL.rstrip("/"), count=1)  # noqa: F405
    CACHES["default"]["LOCATION"] = CELERY_BROKER_URL = CELERY_RESULT_BACKEND = REDIS_URL
