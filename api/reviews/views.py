"""The REST endpoints of management review: inputs gathered, outputs, actions (9.3)."""

ROUTES: list = []
