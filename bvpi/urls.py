from django.urls import path

from bvpi import views

app_name = "bvpi"

urlpatterns = [
    path("", views.index, name="index"),
    path("what-remains/", views.remaining, name="remaining"),
    path("inventory/", views.transfer, name="transfer"),
    path("inventory/import/", views.import_inventory, name="import"),
    path("inventory/export.<str:file_format>", views.export, name="export"),
    path("<slug:slug>/", views.department, name="department"),
    path("<slug:slug>/<int:service_pk>/<int:number>/", views.cell, name="cell"),
]
