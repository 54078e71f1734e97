"""The REST endpoints of quality policy and objectives (6.2)."""

ROUTES: list = []
