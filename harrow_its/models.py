"""
The vocabulary every app shares: departments, the people who use the portal, and
the council it is for (SiteSettings).

A person's role is the Django group they belong to (see Role); an administrator is
a superuser. Officers update the work of the departments they belong to.
"""

import re
import time

import pghistory
from django.contrib.auth.models import AbstractUser
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse

from harrow_its.colour import header_colour_problem


class Role(models.TextChoices):
    """The roles of the design, each a Django group of the same name."""

    OFFICER = "officer", "Officer"
    AUTHOR = "author", "Report author"
    MEMBER = "member", "Committee member"
    CLEARER = "clearer", "Clearer"
    DEMOCRATIC_SERVICES = "democratic_services", "Democratic Services"


class Rag(models.TextChoices):
    """Red, amber, green: how a project or a result stands."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Department(models.Model):
    """A council department (directorate): owns projects, indicators and services."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


# Who has which account, and every change to it; never the password's hash.
@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["password", "last_login"],
)
class User(AbstractUser):
    departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="members",
        help_text="An officer may update the work of these departments.",
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.get_full_name() or self.username

    def get_absolute_url(self):
        return reverse("admin:harrow_its_user_change", args=[self.pk])

    @property
    def roles(self) -> frozenset[Role]:
        """The roles this person holds; an administrator holds them all."""
        if not self.is_active:
            return frozenset()
        if self.is_superuser:
            return frozenset(Role)
        if not hasattr(self, "_roles"):
            names = self.groups.filter(name__in=Role.values).values_list("name", flat=True)
            self._roles = frozenset(Role(name) for name in names)
        return self._roles

    @property
    def role_labels(self) -> list[str]:
        """The names of this person's roles, in the order Role lists them."""
        return [role.label for role in Role if role in self.roles]

    def has_role(self, *roles: Role) -> bool:
        """Whether this person holds any of `roles`."""
        return not self.roles.isdisjoint(roles)


LOGO_PATH = re.compile(r"^images/[a-z0-9][a-z0-9-]*\.(svg|png)$")
LOGO_NOT_OURS = (
    'Enter the name of one of the portal\'s own image files, such as "images/logo-my-council.svg" '
    "(an SVG or PNG file under frontend/src/images/)."
)
LOGO_MISSING = "There is no static file {path}: add it under frontend/src/images/ and build."


def validate_header_colour(colour: str) -> None:
    if problem := header_colour_problem(colour):
        raise ValidationError(problem)


def validate_logo(path: str) -> None:
    if not LOGO_PATH.match(path):
        raise ValidationError(LOGO_NOT_OURS)
    if not finders.find(path):
        raise ValidationError(LOGO_MISSING.format(path=path))


class SiteSettingsManager(models.Manager):
    def get_current(self) -> "SiteSettings":
        """The settings, read from the database at most once in RECHECK_SECONDS in each
        process (at once after they are saved in it); the defaults if none are saved."""
        cached = SITE_SETTINGS_CACHE.get("current")
        if cached and time.monotonic() - cached[1] < SiteSettings.RECHECK_SECONDS:
            return cached[0]
        current = self.filter(pk=SiteSettings.SINGLETON).first() or SiteSettings()
        SITE_SETTINGS_CACHE["current"] = (current, time.monotonic())
        return current

    def last_read(self) -> "SiteSettings":
        """The settings this process last read, however long ago, or the defaults: for
        the server error page, which must not need the database (it may be why)."""
        cached = SITE_SETTINGS_CACHE.get("current")
        return cached[0] if cached else SiteSettings()

    @staticmethod
    def clear_cache() -> None:
        SITE_SETTINGS_CACHE.clear()


# This process's copy of the settings: (settings, when read, by time.monotonic()).
SITE_SETTINGS_CACHE: dict[str, tuple["SiteSettings", float]] = {}


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class SiteSettings(models.Model):
    """Who the portal is for: the council's and the service's names, the team that
    reports and the committee it reports to (for the sentences of the home, reports
    and indicators pages), the footer, the logo and the header's colour. One row,
    edited by administrators (Django admin); without it, the defaults, which name no
    council. Every page reads it through the context processor `site_settings`, and
    the PDFs' author and running text through reports/publishing.py.

    A published report never changes with them: its web page's text, its data and
    its PDFs (author included) are stored when it is published (reports/publishing.py),
    so settings saved later show only in the portal's own header and footer around it.

    Each process keeps the row it read (`SiteSettings.objects.get_current()`) and
    reads it again when it saves it, or after RECHECK_SECONDS: another server sees
    a change within a minute, as a proxy would (the kept public pages,
    reports/middleware.py, are renewed as often).
    """

    SINGLETON = 1
    RECHECK_SECONDS = 60
    DEFAULT_HEADER_COLOUR = "#0b0c0c"  # GOV.UK Frontend's generic header

    council_name = models.CharField(
        "council's name",
        max_length=100,
        default="Your council",
        help_text='As the header, the page titles, the footer and the PDFs name it: "Example Borough Council".',
    )
    service_name = models.CharField(
        "service's name",
        max_length=100,
        default="IT Services Reporting",
        help_text="The portal's name, beside the council's in the header and page titles.",
    )
    reporting_team = models.CharField(
        "team that reports",
        max_length=100,
        default="IT Services",
        help_text=(
            "Who reports to the committee, as the pages' sentences name them: \"Example "
            'Digital Services report regularly to …" (a plural verb follows).'
        ),
    )
    committee_name = models.CharField(
        "committee reported to",
        max_length=200,
        default="scrutiny committee",
        help_text='After "the" in the pages\' sentences: "… report regularly to the Resources Scrutiny Panel".',
    )
    footer_text = models.TextField(
        blank=True,
        help_text=(
            "The footer's sentence. Blank: the service's name, then “the IT programme, "
            "performance indicators and BVPI 157 inventory behind the reports to the” "
            "committee."
        ),
    )
    logo = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_logo],
        help_text=(
            "An image among the portal's own static files, shown before the council's name "
            'in the header, such as "images/logo-example-borough-council.svg". Blank: the '
            "name alone. Not an upload or an address: the PDF renderer reads only the "
            "portal's own files."
        ),
    )
    header_colour = models.CharField(
        max_length=7,
        default=DEFAULT_HEADER_COLOUR,
        validators=[validate_header_colour],
        help_text=(
            'The header\'s background, as "#" and six hexadecimal digits. Its text is white: '
            "the colour must give a contrast ratio of at least 4.5:1 (WCAG 2.2 AA)."
        ),
    )

    objects = SiteSettingsManager()

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="site_settings_singleton"),
        ]

    def __str__(self):
        return f"{self.council_name}: {self.service_name}"

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON
        super().save(*args, **kwargs)
        # Forget the old settings now, and again once they are committed, in case
        # another thread of this process read them in between.
        SiteSettings.objects.clear_cache()
        transaction.on_commit(SiteSettings.objects.clear_cache)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        SiteSettings.objects.clear_cache()
        transaction.on_commit(SiteSettings.objects.clear_cache)
        return result

    @property
    def footer(self) -> str:
        return self.footer_text or (
            f"{self.service_name}: the IT programme, performance indicators and BVPI 157 "
            f"inventory behind the reports to the {self.committee_name}."
        )

    @property
    def header_stylesheet(self) -> str:
        """The address of the stylesheet that colours the header (harrow_its.views.site_css),
        or "" for GOV.UK's own colour, which needs none."""
        colour = self.header_colour.lower()
        if colour == self.DEFAULT_HEADER_COLOUR:
            return ""
        return f"{reverse('site_css')}?header={colour[1:]}"
