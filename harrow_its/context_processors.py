from django.urls import reverse

from harrow_its.models import SiteSettings

# The main navigation: (accessible name, URL name). The names are a contract:
# screen-reader users and the acceptance checks find their way by them.
NAVIGATION = [
    ("Reports", "reports:index"),
    ("Capital projects", "projects:index"),
    ("Improvement plan", "projects:plan"),
    ("Performance indicators", "indicators:index"),
    ("BVPI 157", "bvpi:index"),
]


def navigation(request):
    """The main navigation, marking the page (or the section) the user is in."""
    items = []
    for text, url_name in NAVIGATION:
        href = reverse(url_name)
        if request.path == href:
            current = "page"
        elif request.path.startswith(href):
            current = "true"
        else:
            current = None
        items.append({"text": text, "href": href, "current": current})
    return {"navigation": items}


def site_settings(request):
    """The council and the service the portal is for (harrow_its.models.SiteSettings):
    read from this process's copy, so at most once per request, and most often not."""
    return {"site_settings": SiteSettings.objects.get_current()}
