"""The ten interaction types of BVPI 157, as the ODPM defined them."""

from django.db import migrations

INTERACTION_TYPES = [
    (
        1,
        "Providing information",
        "Information about the council and its services, published for citizens and businesses.",
    ),
    (
        2,
        "Collecting revenue",
        "Collecting council tax, business rates, rents and other money owed to the council.",
    ),
    (
        3,
        "Providing benefits and grants",
        "Housing and council tax benefit, grants and other payments to citizens and organisations.",
    ),
    (4, "Consultation", "Asking citizens, businesses and partners for their views."),
    (5, "Regulation (such as licences)", "Licences, permits, registrations and other regulation."),
    (
        6,
        "Applications for services",
        "Applying for a council service, such as a school place or a parking permit.",
    ),
    (
        7,
        "Booking venues, resources and courses",
        "Booking halls, sports facilities, courses and other resources.",
    ),
    (8, "Paying for goods and services", "Paying the council for goods and services it provides."),
    (
        9,
        "Providing access to community, professional or business networks",
        "Access to community groups, professional and business networks.",
    ),
    (10, "Procurement", "Buying goods and services from suppliers, including tendering."),
]


def create_interaction_types(apps, schema_editor):
    InteractionType = apps.get_model("bvpi", "InteractionType")
    for number, name, description in INTERACTION_TYPES:
        InteractionType.objects.update_or_create(
            number=number, defaults={"name": name, "description": description}
        )


def delete_interaction_types(apps, schema_editor):
    apps.get_model("bvpi", "InteractionType").objects.filter(
        number__in=[number for number, _, _ in INTERACTION_TYPES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("bvpi", "0001_initial")]

    operations = [migrations.RunPython(create_interaction_types, delete_interaction_types)]
