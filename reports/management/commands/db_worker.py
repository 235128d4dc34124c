"""
`manage.py db_worker`: django-tasks-db's worker, with a heartbeat (reports/workers.py).

Beside the worker's task loop a thread says, every WORKER_HEARTBEAT_SECONDS, that
this worker is running, and takes up the work of workers that have stopped. The
worker is recorded when it starts and forgotten when it stops as asked; one that is
killed is found out by the others' heartbeats. A batch (`--batch`, which drains the
queue and stops) beats once, before it starts.
"""

import logging
import os
import threading

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from reports import jobs, workers

logger = logging.getLogger("reports.workers")


class Heartbeat(threading.Thread):
    def __init__(self, worker_id: str):
        super().__init__(name="heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()

    def run(self):
        try:
            while not self.stopping.is_set():
                try:
                    workers.heartbeat(self.worker_id, jobs.queue)
                except Exception:  # a dropped connection, say: beat again next time
                    logger.exception("The heartbeat of worker %s failed", self.worker_id)
                    connection.close()
                self.stopping.wait(settings.WORKER_HEARTBEAT_SECONDS)
        finally:
            connection.close()

    def stop(self):
        self.stopping.set()
        self.join()


class Command(db_worker.Command):
    help = "Run the background worker (PDFs, publishing, agenda packs), with its heartbeat"

    def handle(self, *args, worker_id: str, reload: bool, batch: bool, **options):
        if reload and not batch and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The reloader's own process: the worker runs in the child it starts.
            return super().handle(*args, worker_id=worker_id, reload=reload, batch=batch, **options)
        workers.started(worker_id, now=timezone.now())
        # A batch drains the queue and stops: one beat first takes up any lost work.
        heartbeat = None if batch else Heartbeat(worker_id)
        if heartbeat:
            heartbeat.start()
        else:
            workers.heartbeat(worker_id, jobs.queue)
        try:
            return super().handle(*args, worker_id=worker_id, reload=reload, batch=batch, **options)
        finally:
            if heartbeat:
                heartbeat.stop()
            workers.stopped(worker_id)
