from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="index"),
    path("results/", views.results, name="results"),
    path("results/import/", views.results_import, name="results_import"),
    path("results/export.<str:file_format>", views.results_export, name="results_export"),
    path("<str:code>/", views.indicator_detail, name="detail"),
]
