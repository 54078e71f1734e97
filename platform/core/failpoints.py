"""Named places in long work where a fault drill can make a worker linger, so it can kill it in the middle.

tests/faults/ kills real Celery workers with SIGKILL in the middle of a CSV import, a rollup fan-out and a
report, and checks that the work completes on redelivery with nothing lost and nothing twice. On a quick
machine a small job ends before the kill lands; with EISO_FAILPOINTS="provisioning.row,rollup.agency" and
EISO_FAILPOINT_SECONDS=0.4 in a worker's environment, `pause("provisioning.row")` waits that long after each
row, so "in the middle" is a fact the drill checks, not luck. Unset (always, outside those drills), a pause
is one set lookup.
"""

from __future__ import annotations

import time

from django.conf import settings


def pause(name: str) -> None:
    if name in settings.EISO_FAILPOINTS:
        time.sleep(settings.EISO_FAILPOINT_SECONDS)
