import gc

from django.apps import AppConfig

# Python's collector runs a full collection after every ten of its middle generation's.
# Assembling a report makes tens of thousands of short-lived objects (at 100 times the
# demo, some 70,000 model instances), which set off five or six full collections for
# each report: a quarter of its time. Full collections a hundred times rarer keep
# cyclic garbage in check all the same.
GC_THRESHOLDS = (700, 10, 1000)


class HarrowItsConfig(AppConfig):
    name = "harrow_its"
    verbose_name = "IT Services Reporting"

    def ready(self):
        from harrow_its import audit  # noqa: F401 (connects its signal receivers)

        gc.set_threshold(*GC_THRESHOLDS)
