"""The REST endpoints of context, interested parties, risks and opportunities (4.1, 4.2, 6.1)."""

ROUTES: list = []
