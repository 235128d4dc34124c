from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Development only (DEBUG): print the code USERNAME's authenticator app would show "
        "now, to sign in to the demo without a phone."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("Only with DEBUG: in production, codes come from people's apps.")
        device = (
            TOTPDevice.objects.filter(user__username=username).order_by("-confirmed", "-pk").first()
        )
        if device is None:
            raise CommandError(f"{username} has not started setting an app up: sign in first.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
