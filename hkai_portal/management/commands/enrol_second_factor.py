"""`manage.py enrol_second_factor <username>`: the admin's second factor for one member of
staff. Prints the key for their authenticator app (as an otpauth:// URI, which the app
reads from a QR code or accepts typed in) and ten one-time recovery codes, for when the phone
is lost. Running it again replaces both: the old key and codes stop working.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10


class Command(BaseCommand):
    help = "Give a member of staff an authenticator key and recovery codes for the admin."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
            authenticator = TOTPDevice.objects.create(user=user, name="authenticator app")
            recovery = StaticDevice.objects.create(user=user, name="recovery codes")
            codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
            recovery.token_set.bulk_create(
                StaticToken(device=recovery, token=code) for code in codes
            )
        self.stdout.write(
            f"Authenticator key for {username} (add it to the app, e.g. from a QR code of):\n"
            f"  {authenticator.config_url}\n"
            "Recovery codes, each usable once (keep them somewhere safe, offline):\n"
            + "\n".join(f"  {code}" for code in codes)
        )
