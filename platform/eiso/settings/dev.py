from .base import *  # noqa: F401,F403
from .base import env_str

DEBUG = True
EISO_PUBLIC_PORT = env_str("EISO_PUBLIC_PORT", "8000")
