"""The REST endpoints of nonconformities and corrective actions (10.2)."""

ROUTES: list = []
