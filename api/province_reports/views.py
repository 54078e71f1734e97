"""The November and December reports, built from the data, over the API."""

ROUTES: list = []
