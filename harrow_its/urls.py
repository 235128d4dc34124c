from django.contrib import admin
from django.urls import include, path

from harrow_its import second_factor, views

admin.site.site_header = "IT Services Reporting administration"
admin.site.site_title = "IT Services Reporting"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="login"),
    path("sign-in/verify/", second_factor.verify, name="verify"),
    path("sign-in/set-up/", second_factor.set_up, name="set_up"),
    path("sign-out/", views.sign_out, name="logout"),
    path("reports/", include("reports.urls")),
    path("", include("projects.urls")),
    path("indicators/", include("indicators.urls")),
    path("bvpi-157/", include("bvpi.urls")),
    path("admin/", admin.site.urls),
]
