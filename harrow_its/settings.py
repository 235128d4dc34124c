"""
Settings for IT Services Reporting: one file, configured by the environment.

The environment it reads (every variable optional unless marked):

    DEBUG                  "true" for local development only. Default: false.
    SECRET_KEY             Required unless DEBUG is true. A long random string.
    ALLOWED_HOSTS          Comma-separated host names the portal answers to.
                           Default: none (with DEBUG, Django allows localhost).
    CSRF_TRUSTED_ORIGINS   Comma-separated origins, e.g. https://reports.example.gov.uk
    DATABASE_URL           postgres://USER:PASSWORD@HOST:PORT/NAME. When unset, an
                           embedded PostgreSQL server keeps its data in EMBEDDED_PGDATA.
                           In production the portal connects as a role that owns no
                           table; `migrate` and `db_roles` run with DATABASE_URL naming
                           the tables' owner instead (README "Database roles").
    EMBEDDED_PGDATA        Data directory of the embedded server. Default: var/pgdata.
    HTTPS                  "true" when served over TLS (behind a proxy that sets
                           X-Forwarded-Proto): secure cookies, HSTS, redirects to https.
    SESSION_IDLE_MINUTES   Sign a user out after this much inactivity. Default: 30.
    LOGIN_FAILURE_LIMIT    Failed sign-ins, per username and address, before a
                           lock-out. Default: 5.
    LOGIN_LOCKOUT_MINUTES  How long a lock-out lasts. Default: 15.
    LOG_LEVEL              Level of the portal's own log messages. Default: INFO.
    EMAIL_HOST             SMTP server for e-mail (reminders). When unset, e-mail is
                           written to the console instead of sent.
    EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS
                           The SMTP server's port (default 587), account and TLS
                           (default true).
    DEFAULT_FROM_EMAIL     The sender of the portal's e-mail.
                           Default: it-services-reporting@localhost.
    SITE_URL               The portal's address as people reach it, for the links in
                           its e-mail and feeds. Default: http://127.0.0.1:8000.
    REMINDER_DAYS_BEFORE   `send_reminders` reminds officers this many days before a
                           report's deadline (its cut-off), or fewer. Default: 7.
    PDF_RENDER_SECONDS     A PDF that takes longer to render is stopped. Default: 120.
    PDF_RENDER_MEMORY_MB   ... or that needs more memory. Default: 1024.
    PDF_MAX_HTML_BYTES     A document larger than this is not rendered. Default: 20 MB.
    WORKER_HEARTBEAT_SECONDS  How often a background worker says it is running, and
                           renews its lease on the PDF it is making. Default: 5.
    WORKER_LOST_SECONDS    A worker not heard from for this long is taken to have
                           stopped: what it was making is taken up by another, and
                           pages waiting for a PDF say no worker is running. Default: 30.
    RENDER_MAX_ATTEMPTS    A PDF whose worker stopped is taken up again until it has
                           been tried this many times, then marked failed. Default: 3.
    ADMINS                 Who is told by e-mail when no background worker is running:
                           "Name <address>" separated by commas. Default: nobody.
    PUBLISHED_FILE_CACHE_MB  Memory for published files in each server process. Default: 64.
    PUBLISHED_PAGE_CACHE_MB  ... and for published reports' pages as the public gets them.
                           Default: 16.
    PUBLISHED_PAGE_RECHECK_SECONDS  Ask whether a kept page is still current once in
                           this many seconds, not on every request (0). Default: 1.
    DB_CONN_MAX_AGE        Seconds a web server or worker keeps its database connection
                           open between requests. Default: 300; 0 closes it after each.
    IMPORT_MAX_MB          An imported spreadsheet (CSV or XLSX) larger than this is
                           refused. Default: 2.
    IMPORT_MAX_UNPACKED_MB ... or an XLSX file that unpacks to more than this (an XLSX
                           file is a zip: a small one can unpack to gigabytes). Default: 16.
    IMPORT_MAX_ROWS        ... or one with more rows than this, headings apart. Default: 5000.
    IMPORT_MAX_COLUMNS     ... or more columns. Default: 100.
    IMPORT_MAX_CELLS       ... or more cells, empty ones written in the file included.
                           Default: 100000. With these defaults reading the largest file
                           allowed takes well under 200 MB of a web server's memory.
"""

import os
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random string "
            "(`python -c 'import secrets; print(secrets.token_urlsafe(50))'` makes one), "
            "or set DEBUG=true for local development only."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105  # nosec B105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


# Applications

INSTALLED_APPS = [
    "harrow_its",
    "projects",
    "indicators",
    "bvpi",
    "reports",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "axes",
    "django_filters",
    "django_tables2",
    "pgtrigger",
    "pghistory",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

# Background work (building agenda packs) is queued in the database and done by
# `manage.py db_worker`, which `make run` starts beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL in the address is a bad request (400), before anything reads the database.
    "harrow_its.middleware.RefuseNulMiddleware",
    # Published Part I files are served like static files, before sessions and the rest.
    "reports.middleware.PublishedFileMiddleware",
    # ... and published Part I reports' pages to readers without a session.
    "reports.middleware.PublishedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "harrow_its.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change, and from which page, in the audit history.
    "pghistory.middleware.HistoryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "harrow_its.access.AccessPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its response.
    "axes.middleware.AxesMiddleware",
]

FORM_RENDERER = "harrow_its.forms.GovukFormRenderer"

ROOT_URLCONF = "harrow_its.urls"
WSGI_APPLICATION = "harrow_its.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "harrow_its.context_processors.navigation",
                "harrow_its.context_processors.site_settings",
            ],
        },
    },
]


# Database: PostgreSQL only, from DATABASE_URL or the embedded server.

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "harrow_its.embedded_postgres",
            "NAME": "harrow_its",
            "USER": "postgres",
            "PGDATA": Path(os.environ.get("EMBEDDED_PGDATA", BASE_DIR / "var" / "pgdata")),
        }
    }

# Persistent connections: each server process keeps its connection between
# requests, and checks it still works before reusing it.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 300)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Users, sign-in and sessions

AUTH_USER_MODEL = "harrow_its.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

# Inactivity, not age, ends a session: every request pushes the expiry forward.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes: lock out a username from an address after repeated failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "harrow_its.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "harrow_its.audit.lockout_username"


# Tables: GOV.UK markup for django-tables2.

DJANGO_TABLES2_TEMPLATE = "includes/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "govuk-table"}

# The audit history's clock: the moment of each change, not the start of its
# transaction, so that changes made in one transaction keep their order.
PGHISTORY_CREATED_AT_FUNCTION = "clock_timestamp()"


# Security. Secure cookies and HSTS need TLS, so they follow HTTPS.

HTTPS = env_bool("HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy (django-csp): the portal's own files only, scripts by
# nonce (none on a published page kept for the public, reports/middleware.py: its
# scripts are the portal's own files, which 'self' allows), nothing inline, never
# framed. With DEBUG it only reports, so that Django's error pages (inline styles
# and scripts) stay readable in development.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if DEBUG:
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

# HSTS preloading commits every name under the council's domain to HTTPS for good:
# a decision for the council's whole estate, not for one service to take.
SILENCED_SYSTEM_CHECKS = ["security.W021"]


# Internationalisation: a UK council, on London time.

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True


# Static files: GOV.UK Frontend compiled into frontend/dist by `npm run build`.

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "frontend" / "dist"]


# Logging: to the console, where the process manager collects it.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every line in UTC (ISO 8601), whatever the server's time zone.
    "formatters": {
        "utc": {
            "()": "harrow_its.audit.UTCFormatter",
            "format": "{asctime} {levelname} {name}: {message}",
            "style": "{",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "utc"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # The security log (harrow_its/audit.py): Part II reads, refusals, failed sign-ins.
        "harrow_its.audit": {"level": "INFO"},
        "harrow_its": {"level": os.environ.get("LOG_LEVEL", "INFO")},
        "django.request": {"level": "ERROR"},
    },
}


# E-mail: SMTP when EMAIL_HOST is set, else the console (development).
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "it-services-reporting@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
REMINDER_DAYS_BEFORE = env_int("REMINDER_DAYS_BEFORE", 7)

# Rendering PDFs (reports/pdf.py): each in a child process, within these limits.
PDF_RENDER_SECONDS = env_int("PDF_RENDER_SECONDS", 120)
PDF_RENDER_MEMORY_MB = env_int("PDF_RENDER_MEMORY_MB", 1024)
PDF_MAX_HTML_BYTES = env_int("PDF_MAX_HTML_BYTES", 20 * 1024 * 1024)

# The background worker (reports/workers.py): its heartbeat, and when it is lost.
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 5)
WORKER_LOST_SECONDS = env_int("WORKER_LOST_SECONDS", 30)
RENDER_MAX_ATTEMPTS = env_int("RENDER_MAX_ATTEMPTS", 3)
ADMINS = [parseaddr(admin) for admin in os.environ.get("ADMINS", "").split(",") if admin.strip()]

# Each server process keeps up to this many bytes of published Part I files in
# memory (reports/middleware.py): they never change.
PUBLISHED_FILE_CACHE_BYTES = env_int("PUBLISHED_FILE_CACHE_MB", 64) * 1024 * 1024
# ... and of published Part I reports' pages as the public gets them
# (PublishedPageMiddleware), which proxies may keep for a minute: a correction, once
# published, changes the page.
PUBLISHED_PAGE_CACHE_BYTES = env_int("PUBLISHED_PAGE_CACHE_MB", 16) * 1024 * 1024
PUBLISHED_PAGE_MAX_AGE = 60
# Whether a kept page is still the page is asked of the database on every request
# (0), or once in this many seconds in each process: a correction is then seen
# within that time (proxies may keep the page for a minute anyway), and a kept page
# costs a dictionary look-up, as a static file does, instead of a query.
PUBLISHED_PAGE_RECHECK_SECONDS = env_int("PUBLISHED_PAGE_RECHECK_SECONDS", 1)

# Imported spreadsheets (harrow_its/tabular.py): bounded before and while reading,
# so that no upload can take a web server's memory or time.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 2) * 1024 * 1024
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_MB", 16) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 5000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 100)
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 100_000)

# The second factor (harrow_its/second_factor.py): the name authenticator apps show.
OTP_TOTP_ISSUER = "IT Services Reporting"
