"""The REST endpoints of internal audit: programme, plans, checklists, findings (9.2)."""

ROUTES: list = []
