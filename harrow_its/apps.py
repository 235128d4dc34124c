from django.apps import AppConfig


class HarrowItsConfig(AppConfig):
    name = "harrow_its"
    verbose_name = "IT Services Reporting"

    def ready(self):
        from harrow_its import audit  # noqa: F401 (connects its signal receivers)
