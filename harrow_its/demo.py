"""
Demo data shared by every app: the council (its site settings), its departments and
the demo accounts.

The departments are illustrative: the reference report names People First and
Urban Living; the other directorates are plausible for a London borough of 2005.
The demo accounts are those the README lists, all with the password DEMO_PASSWORD.
Every loader is idempotent: a second run changes nothing.
"""

from django.contrib.auth.models import Group

from harrow_its.models import Department, Role, SiteSettings, User

DEMO_PASSWORD = "harrow-demo-2005"  # noqa: S105 (a published demo password)  # nosec B105

# Harrow's names, as its pages and PDFs give them (tests/reports/golden/ pins them);
# its header is GOV.UK's own colour, with no logo.
SITE_SETTINGS = {
    "council_name": "Harrow Council",
    "service_name": "IT Services Reporting",
    "reporting_team": "Harrow IT Services",
    "committee_name": "Overview and Scrutiny Committee",
    "footer_text": "",
    "logo": "",
    "header_colour": SiteSettings.DEFAULT_HEADER_COLOUR,
}

DEPARTMENTS = [
    ("Business Connections", "business-connections"),
    ("Chief Executive's Department", "chief-executives"),
    ("Organisational Development", "organisational-development"),
    ("People First", "people-first"),
    ("Urban Living", "urban-living"),
]

# username, first name, last name, role, departments (by slug), superuser
ACCOUNTS = [
    ("officer", "Olu", "Adeyemi", Role.OFFICER, ["business-connections"], False),
    ("author", "Alison", "Carter", Role.AUTHOR, [], False),
    ("member", "Councillor Mark", "Ellis", Role.MEMBER, [], False),
    # Clearers (illustrative): Finance and Legal clear the committee's reports.
    ("finance", "Fiona", "Marsh", Role.CLEARER, [], False),
    ("legal", "Leon", "Grant", Role.CLEARER, [], False),
    ("democratic", "Dana", "Okafor", Role.DEMOCRATIC_SERVICES, [], False),
    ("admin", "Sam", "Patel", None, [], True),
]


# Illustrative project managers in other departments, who record their departments'
# updates in the demo. They cannot sign in.
STAFF = [
    ("priya.shah", "Priya", "Shah", "people-first"),
    ("karen.doyle", "Karen", "Doyle", "urban-living"),
]


def load_site_settings(values: dict) -> None:
    """The council's settings as `values` give them, saved only if they differ."""
    current = SiteSettings.objects.filter(pk=SiteSettings.SINGLETON).first() or SiteSettings()
    if current.pk is None or any(getattr(current, k) != v for k, v in values.items()):
        for name, value in values.items():
            setattr(current, name, value)
        current.full_clean()
        current.save()


def load_departments(departments=DEPARTMENTS) -> None:
    for name, slug in departments:
        Department.objects.update_or_create(slug=slug, defaults={"name": name})


def load_accounts(accounts=ACCOUNTS, *, domain: str = "harrow.example") -> None:
    """The demo accounts (username, names, role, departments, superuser), each with an
    e-mail address at `domain` and the demo password."""
    for username, first_name, last_name, role, departments, superuser in accounts:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@{domain}",
                "is_active": True,
                "is_staff": superuser,
                "is_superuser": superuser,
            },
        )
        # Setting the password again would store a new salt: only set it when it differs.
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.set([Group.objects.get_or_create(name=role)[0]] if role else [])
        user.departments.set(Department.objects.filter(slug__in=departments))


def load_staff() -> None:
    officer_group = Group.objects.get_or_create(name=Role.OFFICER)[0]
    for username, first_name, last_name, department in STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "is_active": True},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.set([officer_group])
        user.departments.set(Department.objects.filter(slug=department))


def load() -> None:
    load_site_settings(SITE_SETTINGS)
    load_departments()
    load_accounts()
    load_staff()
