import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from bvpi.models import InteractionType
from harrow_its.models import Role


@pytest.mark.django_db
def test_models_and_migrations_agree():
    """Every model change has its migration (`makemigrations --check`)."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_role_groups_are_created_by_migration():
    """The data migration creates one group per role, and nothing else."""
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(Role.values)


@pytest.mark.django_db(transaction=True)
def test_role_groups_migration_reverses():
    """Unapplying the data migration removes the role groups; reapplying restores them."""
    call_command("migrate", "harrow_its", "0001", verbosity=0)
    assert not Group.objects.filter(name__in=Role.values).exists()
    call_command("migrate", "harrow_its", verbosity=0)
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(Role.values)


@pytest.mark.django_db
def test_reference_data_is_restored_after_a_flush():
    """loaddemo puts back what the data migrations made, from the migrations themselves."""
    Group.objects.all().delete()
    InteractionType.objects.all().delete()
    call_command("loaddemo", stdout=None)
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(Role.values)
    assert InteractionType.objects.count() == 10
