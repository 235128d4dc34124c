from django.apps import AppConfig


class HarrowItsConfig(AppConfig):
    name = "harrow_its"
    verbose_name = "IT Services Reporting"
