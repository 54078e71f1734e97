import os

from django.core.wsgi import get_wsgi_application

# Production unless told otherwise: a server started without settings must not run in development mode
# (DEBUG, the demo, an embedded database). `make demo`, manage.py and the tests name theirs.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings.prod")
application = get_wsgi_application()
