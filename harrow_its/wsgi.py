"""WSGI entry point, for gunicorn: `gunicorn harrow_its.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harrow_its.settings")

application = get_wsgi_application()

# Published Part I pages and files, answered in front of Django for a while
# (harrow_its/kept.py). Imported once Django is set up: it reads the settings.
from harrow_its.kept import KeptResponses  # noqa: E402

application = KeptResponses(application)

# gunicorn loads this module once and then forks its workers (preload_app), and a
# new one every thousand or so requests. Every view, form and table is imported
# here, once (it opens no database connection), rather than on each new worker's
# first request (some 170 ms); and what is loaded is left out of garbage collection,
# which would otherwise touch, and so copy, all of it in every new worker.
get_resolver().url_patterns  # noqa: B018
gc.freeze()
