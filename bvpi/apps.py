from django.apps import AppConfig


class BvpiConfig(AppConfig):
    name = "bvpi"
    verbose_name = "BVPI 157 e-government inventory"
