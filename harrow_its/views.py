from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.cache import patch_cache_control

from harrow_its.access import CLEARERS, PUBLIC, STAFF, access
from harrow_its.colour import header_colour_problem
from harrow_its.forms import SignInForm
from harrow_its.models import SiteSettings
from harrow_its.second_factor import exempt
from reports import clearance, workers
from reports.views.updates import my_updates_for


@access(PUBLIC)
def home(request):
    # Staff are warned when PDFs cannot be made: no background worker is running.
    no_worker = STAFF.allows(request.user) and workers.none_running(now=timezone.now())
    # Clearers see how many drafts wait for their answer.
    to_clear = len(clearance.waiting_for(request.user)) if CLEARERS.allows(request.user) else None
    # Officers (and authors) see how many updates the next report still needs of them.
    updates = my_updates_for(request, timezone.localdate()) if STAFF.allows(request.user) else None
    return render(
        request, "home.html", {"no_worker": no_worker, "to_clear": to_clear, "updates": updates}
    )


# Printed, the header has no background (GOV.UK Frontend's own print styles).
SITE_CSS = "@media screen {{ .govuk-generic-header {{ background: {colour}; }} }}\n"


@exempt  # asked for by every page, the second factor's own included
@access(PUBLIC)
def site_css(request):
    """The header's colour as a stylesheet of the portal's own (the Content Security
    Policy allows no inline style), for base.html to link when the colour
    (SiteSettings.header_colour) is not GOV.UK's own. The colour is in the address,
    `?header=1d4f3f`, and checked again here, so the same address always gives the
    same stylesheet whichever server answers, and it may be kept for a year."""
    colour = "#" + request.GET.get("header", "")
    if header_colour_problem(colour):
        raise Http404("No such colour.")
    response = HttpResponse(SITE_CSS.format(colour=colour.lower()), content_type="text/css")
    patch_cache_control(response, public=True, max_age=365 * 24 * 60 * 60, immutable=True)
    return response


sign_in = exempt(
    access(PUBLIC, writes=True)(
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        )
    )
)

# Signing out is a POST (Django refuses GET); anyone may, signed in or not.
sign_out = exempt(access(PUBLIC, writes=True, reads=False)(auth_views.LogoutView.as_view()))


def locked_out(request, credentials, *args, **kwargs):
    """django-axes calls this instead of the view when a sign-in is locked out."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)


def server_error(request):
    """Django's own (django.views.defaults.server_error), with the council's names as
    this process last read them: rendered without the request's context processors,
    and without the database, which may be what failed."""
    page = loader.get_template("500.html").render(
        {"site_settings": SiteSettings.objects.last_read()}
    )
    return HttpResponseServerError(page)
