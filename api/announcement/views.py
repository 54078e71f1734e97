"""The REST endpoints of confirmation, announcement of conformity, publication state."""

ROUTES: list = []
