"""
gunicorn's settings for the portal in production:

    gunicorn --config python:harrow_its.gunicorn harrow_its.wsgi

Each application server is stateless (sessions, the task queue and the published
files are in PostgreSQL), so as many as the load needs can run behind a load
balancer, on one machine or several. The environment sets:

    BIND              Address to listen on. Default: 127.0.0.1:8000.
    WEB_CONCURRENCY   Worker processes. Default: two per CPU core, and one.
    ACCESS_LOG        "true" to log every request to standard output. Default: false
                      (the proxy in front usually keeps the access log).
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))

# Synchronous workers: each handles one request at a time and keeps its database
# connection open between requests (CONN_MAX_AGE). A worker is replaced after a
# thousand or so requests, staggered, so that none grows without bound.
worker_class = "sync"
max_requests = 1000
max_requests_jitter = 100

# Load the application once, before forking: the workers share its memory, and a
# broken configuration stops the server at once rather than in every worker.
preload_app = True

# No request should take this long: rendering PDFs is the background worker's job.
timeout = 30
graceful_timeout = 30

accesslog = "-" if os.environ.get("ACCESS_LOG", "").lower() in {"1", "true", "yes"} else None
errorlog = "-"
