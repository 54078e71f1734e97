"""The DOST's notices to agencies and their acknowledgements, over the API."""

ROUTES: list = []
