from .base import *  # noqa: F401,F403
from .base import env_bool, env_str

DEBUG = True
EISO_PUBLIC_PORT = env_str("EISO_PUBLIC_PORT", "8000")
# The demo's people log in with the password alone unless EISO_2FA_REQUIRED=1 (README: the demo's heads,
# supervisors and operator are enrolled with one published authenticator key).
EISO_2FA_REQUIRED = env_bool("EISO_2FA_REQUIRED", False)
