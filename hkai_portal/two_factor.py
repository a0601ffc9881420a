"""The admin asks staff for a second factor: a code from an authenticator app (TOTP), or one
of their one-time recovery codes, typed on the login page under the password.

django-otp does the work: its devices (`otp_totp`, `otp_static`), its middleware (which
marks a session that passed the second factor, `request.user.is_verified()`) and its admin
site and login form, which are used here with one change: the demo's accounts, whose
passwords are published in the README, log in without a code, and only in debug, so that
`make demo` opens the admin with a username and password. In production nobody is exempt.

Staff get their authenticator key and recovery codes from an operator:
`python manage.py enrol_second_factor <username>`.
"""

from django.conf import settings
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


def exempt(user):
    """A demo account in debug: no second factor asked."""
    return settings.DEBUG and user.get_username() in settings.TWO_FACTOR_DEMO_USERNAMES


class LoginForm(OTPAdminAuthenticationForm):
    """The admin's login form: username, password and a code, in one step. The code says
    which device it is for (six digits: the authenticator app; else a recovery code), so
    staff never pick one, and only that device is tried (a failed try counts against it)."""

    def clean_otp(self, user):
        if user is None:
            return
        if exempt(user):
            return
        if not self.cleaned_data.get("otp_device"):
            device = self.device_for(user, self.cleaned_data.get("otp_token") or "")
            if device is not None:
                self.cleaned_data["otp_device"] = device.persistent_id
        super().clean_otp(user)

    @staticmethod
    def device_for(user, token):
        token = token.strip()
        is_app_code = token.isdigit() and len(token) == TOTPDevice._meta.get_field("digits").default
        model = TOTPDevice if is_app_code else StaticDevice
        return model.objects.devices_for_user(user).first()


class AdminSite(OTPAdminSite):
    login_form = LoginForm

    def __init__(self, name="admin"):
        super().__init__(name)

    def has_permission(self, request):
        user = request.user
        return super(OTPAdminSite, self).has_permission(request) and (
            user.is_verified() or exempt(user)
        )
