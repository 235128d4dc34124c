"""
The reference data the data migrations create (the role groups, BVPI 157's ten
interaction types), put back if something emptied the tables since: a `flush`,
or a test that truncates them. The migrations stay the one source of it: this
runs their own functions against the current models.
"""

import importlib

from django.apps import apps

DATA_MIGRATIONS = [
    ("harrow_its.migrations.0002_role_groups", "create_role_groups"),
    ("harrow_its.migrations.0004_clearer_and_democratic_services_groups", "create_role_groups"),
    ("bvpi.migrations.0002_interaction_types", "create_interaction_types"),
]


def ensure_reference_data() -> None:
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
