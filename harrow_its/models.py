"""
The vocabulary every app shares: departments, and the people who use the portal.

A person's role is the Django group they belong to (see Role); an administrator is
a superuser. Officers update the work of the departments they belong to.
"""

import pghistory
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse


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
