"""The admin only reads history: every app's append-only rows are shown, never changed."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from bvpi.models import InventoryEntry
from harrow_its.admin import HistoryAdmin
from harrow_its.models import User
from indicators.models import Measurement, Target
from projects.models import ActionUpdate, MilestoneRevision, ProjectFinance, ProjectUpdate

HISTORY = [
    ProjectUpdate,
    ProjectFinance,
    MilestoneRevision,
    ActionUpdate,
    Target,
    Measurement,
    InventoryEntry,
]


@pytest.mark.parametrize("model", HISTORY, ids=lambda m: m._meta.label)
def test_history_rows_offer_no_change_or_deletion_even_to_a_superuser(model):
    """Each app's history rows are registered with HistoryAdmin, which offers a
    superuser neither changing nor deleting them (the database would refuse both)."""
    request = RequestFactory().get("/admin/")
    request.user = User(username="root", is_superuser=True, is_staff=True, is_active=True)
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, HistoryAdmin)
    assert (
        model_admin.has_change_permission(request),
        model_admin.has_delete_permission(request),
        model_admin.has_view_permission(request),
    ) == (False, False, True)
