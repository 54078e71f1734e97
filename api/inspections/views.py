"""The DOST's inspections (Circular 26/2014 Arts. 33–39) and each agency's side of them, over the API."""

ROUTES: list = []
