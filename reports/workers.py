"""
The background workers (`manage.py db_worker`) and the leases on the work they do.

django-tasks-db's worker runs one task at a time and knows nothing of a worker that
died: a task it was running says "running" for good, and so would the PDF it was
making. So each worker process of ours also keeps a heartbeat, every
WORKER_HEARTBEAT_SECONDS (reports/management/commands/db_worker.py):

- it says it is running (`Worker.seen_at`), so that a page waiting for a PDF can say
  plainly when no worker is, and the staff's home page can warn of it;
- it takes up the work of workers that have gone. A PDF being made (a job,
  reports/jobs.py) holds a lease: the worker making it renews it while it waits
  for its render (reports/pdf.py, `still_waiting`). One whose lease has not been
  renewed for WORKER_LOST_SECONDS is queued again, until it has been tried
  RENDER_MAX_ATTEMPTS times, and then marked failed with the reason. A task that a lost worker was running is marked failed.

A render's own child process dies with the worker (reports/pdf.py), so nothing of
a killed worker is left running.
"""

import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.core.mail import mail_admins
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports.models import Rendering, Worker

logger = logging.getLogger(__name__)

GAVE_UP = (
    "The worker making it stopped {attempts} times before it was done, so it was not tried again."
)
WORKER_LOST = "The worker running this task stopped before it finished."
NOT_RUNNING = "No background worker has been running since {since}."

_worker_id = ""  # this process's, when it is a worker


class WorkerLost(Exception):
    """The worker running a task stopped before it finished."""


def current_id() -> str:
    """The id this process holds leases under: its worker id, or one of its own when
    it does the work itself (the demo, a test)."""
    return _worker_id or f"{socket.gethostname()}:{os.getpid()}"[:64]


def started(worker_id: str, *, now) -> None:
    """Say that the worker `worker_id`, this process, has started."""
    global _worker_id  # noqa: PLW0603 (one worker a process)
    _worker_id = worker_id
    Worker.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": now,
            "seen_at": now,
        },
    )


def stopped(worker_id: str) -> None:
    """Say that the worker has stopped (when it stops as asked)."""
    Worker.objects.filter(worker_id=worker_id).delete()


def lost_before(now):
    return now - timedelta(seconds=settings.WORKER_LOST_SECONDS)


def running(*, now) -> bool:
    """Whether any worker has been heard from lately."""
    return Worker.objects.filter(seen_at__gte=lost_before(now)).exists()


def claim(pk: int, *, now, **changes) -> bool:
    """Take the lease on job `pk` if it is queued: it is this process's to do."""
    return bool(
        Rendering.objects.filter(pk=pk, state=Rendering.State.QUEUED).update(
            state=Rendering.State.RENDERING,
            worker_id=current_id(),
            heartbeat_at=now,
            attempts=F("attempts") + 1,
            **changes,
        )
    )


def beat(worker_id: str, *, now) -> list:
    """The heartbeat: say this worker is running, fail the tasks of lost workers, and
    queue again the work whose lease has run out. Returns the jobs queued again (the
    caller enqueues them, in the same transaction)."""
    Worker.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "seen_at": now},
        create_defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": now,
            "seen_at": now,
        },
    )
    # Workers not heard from for a day are long gone: forget them.
    Worker.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    _fail_lost_tasks(now)
    return _take_up_abandoned(now)


def _fail_lost_tasks(now) -> None:
    alive = set(Worker.objects.filter(seen_at__gte=lost_before(now)).values_list("worker_id"))
    alive = {worker_id for (worker_id,) in alive}
    running_tasks = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
        status="RUNNING", started_at__lt=lost_before(now)
    )
    for task in running_tasks:
        if not task.worker_ids or task.worker_ids[-1] not in alive:
            logger.warning("Task %s (%s) lost its worker: marked failed", task.pk, task.task_path)
            task.set_failed(WorkerLost(WORKER_LOST))


def _take_up_abandoned(now) -> list:
    queued_again = []
    lost = lost_before(now)
    abandoned = (
        Rendering.objects.select_for_update(skip_locked=True)
        .filter(state=Rendering.State.RENDERING)
        .filter(Q(heartbeat_at__lt=lost) | Q(heartbeat_at=None, requested_at__lt=lost))
        .defer("pdf", "html")
    )
    for job in abandoned:
        if job.attempts >= settings.RENDER_MAX_ATTEMPTS:
            logger.error("%s: its worker stopped %s times; failed", job, job.attempts)
            job.state, job.finished_at = Rendering.State.FAILED, now
            job.stage = GAVE_UP.format(attempts=job.attempts)
        else:
            logger.warning("%s: its worker stopped; queued again", job)
            job.state, job.progress, job.stage = Rendering.State.QUEUED, 0, "Waiting to start again"
            queued_again.append(job)
        job.worker_id, job.heartbeat_at = "", None
        job.save(
            update_fields=["state", "progress", "stage", "finished_at", "worker_id", "heartbeat_at"]
        )
    return queued_again


_told_at = None  # when this process last told the team that no worker was running


def tell_the_team_none_running(*, now) -> None:
    """Tell the team (the log, and the ADMINS by e-mail) that no worker is running: at
    most once a WORKER_LOST_SECONDS in each process."""
    global _told_at  # noqa: PLW0603 (a process's own note)
    if _told_at and now - _told_at < timedelta(seconds=settings.WORKER_LOST_SECONDS):
        return
    _told_at = now
    last = Worker.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    since = f"{last:%Y-%m-%d %H:%M:%S %Z}" if last else "it was installed"
    message = NOT_RUNNING.format(since=since) + " No PDF can be made: start `manage.py db_worker`."
    logger.error(message)
    mail_admins("The PDF service is not running", message, fail_silently=True)


def none_running(*, now) -> bool:
    """Whether no worker has been heard from lately; if so the team is told."""
    if running(now=now):
        return False
    tell_the_team_none_running(now=now)
    return True


@transaction.atomic
def heartbeat(worker_id: str, enqueue) -> None:
    """One beat of a worker's heartbeat: `enqueue(job)` queues each job taken up again,
    in the same transaction as it is marked queued."""
    for job in beat(worker_id, now=timezone.now()):
        enqueue(job)
