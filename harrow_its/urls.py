from django.contrib import admin
from django.urls import include, path

from harrow_its import second_factor, views
from reports.views.searching import search_page
from reports.views.updates import my_updates

admin.site.site_header = "IT Services Reporting administration"
admin.site.site_title = "IT Services Reporting"
handler500 = "harrow_its.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("site.css", views.site_css, name="site_css"),
    path("sign-in/", views.sign_in, name="login"),
    path("sign-in/verify/", second_factor.verify, name="verify"),
    path("sign-in/set-up/", second_factor.set_up, name="set_up"),
    path("sign-out/", views.sign_out, name="logout"),
    path("my-updates/", my_updates, name="my_updates"),
    path("search/", search_page, name="search"),
    path("reports/", include("reports.urls")),
    path("feeds/", include("reports.feeds")),
    path("", include("projects.urls")),
    path("indicators/", include("indicators.urls")),
    path("bvpi-157/", include("bvpi.urls")),
    path("admin/", admin.site.urls),
]
