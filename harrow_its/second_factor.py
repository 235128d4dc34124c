"""
The second factor: officers, report authors and administrators confirm each sign-in
with a code from an authenticator app (TOTP, django-otp), or with one of their
recovery codes. Committee members and the public are not asked.

Until the code is given, a staff account that has signed in with its password is
sent to give it (or, the first time, to set the app up) from every page but these.
"""

import base64

import segno
from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from harrow_its.access import SIGNED_IN, access
from harrow_its.forms import GovukForm
from harrow_its.models import Role

RECOVERY_CODES = 10
WRONG_CODE = "Enter the 6-digit code your authenticator app shows now, or a recovery code"


def exempt(view):
    """A view a signed-in staff account may open before giving its code."""
    view.second_factor_exempt = True
    return view


class SecondFactorMiddleware:
    """Send a staff account that has not given its code this sign-in to give it (or to
    set the app up), from every view but the exempt ones. After OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not unverified(request.user) or getattr(view_func, "second_factor_exempt", False):
            return None
        target = "verify" if user_has_device(request.user) else "set_up"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def needs_second_factor(user) -> bool:
    return user.is_authenticated and (
        user.is_staff
        or user.has_role(Role.OFFICER, Role.AUTHOR, Role.CLEARER, Role.DEMOCRATIC_SERVICES)
    )


def unverified(user) -> bool:
    return needs_second_factor(user) and not user.is_verified()


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input govuk-input--width-10",
            }
        ),
        error_messages={"required": WRONG_CODE, "max_length": WRONG_CODE},
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if target and safe else reverse("home")


def _svg_qr(url: str) -> str:
    """The set-up link as a QR code, in SVG without inline styles (the CSP refuses them)."""
    return segno.make(url, error="m").svg_inline(scale=4, dark="#0b0c0c", light="#ffffff")


@exempt
@access(SIGNED_IN, writes=True)
@never_cache  # it shows the app's secret key, then the recovery codes
def set_up(request):
    """Set the authenticator app up, the first time: scan the code, type what it shows."""
    if not needs_second_factor(request.user) or user_has_device(request.user):
        return redirect("verify")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, name="Authenticator app", confirmed=False
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            device.confirmed = True
            device.save()
            recovery = StaticDevice.objects.create(user=request.user, name="Recovery codes")
            codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
            StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
            otp_login(request, device)
            return render(
                request,
                "registration/recovery_codes.html",
                {"codes": codes, "next": _next(request)},
            )
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "registration/second_factor_set_up.html",
        {
            "form": form,
            "qr": mark_safe(_svg_qr(device.config_url)),  # noqa: S308 (segno's own SVG of our URL)
            "secret": base64.b32encode(device.bin_key).decode().rstrip("="),
            "next": _next(request),
        },
    )


@exempt
@access(SIGNED_IN, writes=True)
def verify(request):
    """Give the code for this sign-in."""
    if not needs_second_factor(request.user):
        return HttpResponseRedirect(_next(request))
    if not user_has_device(request.user):
        return redirect(f"{reverse('set_up')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].strip().replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.success(
                    request,
                    f"You signed in with a recovery code: {left} of them left. Each works once.",
                )
            return HttpResponseRedirect(_next(request))
        form.add_error("code", WRONG_CODE)
    return render(
        request, "registration/second_factor_verify.html", {"form": form, "next": _next(request)}
    )
