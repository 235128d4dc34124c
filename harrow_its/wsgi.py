"""WSGI entry point, for gunicorn: `gunicorn harrow_its.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harrow_its.settings")

application = get_wsgi_application()
