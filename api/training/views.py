"""The REST endpoints of training sessions and each person's training record (7.2)."""

ROUTES: list = []
