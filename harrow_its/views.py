from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils import timezone

from harrow_its.access import CLEARERS, PUBLIC, STAFF, access
from harrow_its.forms import SignInForm
from harrow_its.second_factor import exempt
from reports import clearance, workers


@access(PUBLIC)
def home(request):
    # Staff are warned when PDFs cannot be made: no background worker is running.
    no_worker = STAFF.allows(request.user) and workers.none_running(now=timezone.now())
    # Clearers see how many drafts wait for their answer.
    to_clear = len(clearance.waiting_for(request.user)) if CLEARERS.allows(request.user) else None
    return render(request, "home.html", {"no_worker": no_worker, "to_clear": to_clear})


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
