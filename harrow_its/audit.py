"""
The security log: who read Part II, who failed to sign in, who was refused a page.

Each event is one line on the "harrow_its.audit" logger, timestamped in UTC (see
LOGGING in settings), in the form `event key=value ...`, for the council's log
collector to keep. Nothing here writes to the database: reading a page never does.
"""

import logging
import time

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

log = logging.getLogger("harrow_its.audit")


class UTCFormatter(logging.Formatter):
    """Times in UTC, ISO 8601, whatever the server's time zone."""

    converter = time.gmtime

    def formatTime(self, record, datefmt=None):
        return time.strftime("%Y-%m-%dT%H:%M:%S", self.converter(record.created)) + (
            f".{int(record.msecs):03d}Z"
        )


USERNAME_LIMIT = 150  # the longest username an account can have


def safe(value: str) -> str:
    """A value someone typed, fit for one line of the log: cut to length, and control
    characters (a new line could forge an entry) written as escapes."""
    value = str(value)[:USERNAME_LIMIT]
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in value)


def lockout_username(request, credentials) -> str:
    """The username django-axes counts failures against (AXES_USERNAME_CALLABLE): as
    typed, but no longer than any account's, so that a page of text is counted too."""
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(typed)[:USERNAME_LIMIT]


def _who(request) -> str:
    user = getattr(request, "user", None)
    name = user.get_username() if user is not None and user.is_authenticated else "-"
    return f"user={name} ip={request.META.get('REMOTE_ADDR', '-')}"


def part_two_read(request, what: str) -> None:
    """Exempt (Part II) content was served: `what` names it, as "report=3 pdf"."""
    log.info("part-ii-read %s %s path=%s", _who(request), what, safe(request.path))


def access_refused(request, reason: str) -> None:
    log.warning("access-refused %s path=%s reason=%s", _who(request), safe(request.path), reason)


@receiver(user_login_failed)
def sign_in_failed(sender, credentials, request=None, **kwargs):
    username = safe(credentials.get("username", "-"))
    ip = request.META.get("REMOTE_ADDR", "-") if request else "-"
    log.warning("sign-in-failed username=%s ip=%s", username, ip)
