"""Strings of third-party apps that ship no Traditional Chinese catalogue, listed here only so
that `make messages` extracts them into ours (never imported).

Django looks a message up in the project's catalogue (LOCALE_PATHS) before any app's, so these
translations serve django-simple-history's history and revert pages, django-axes' lockout
message and admin models, and django-otp's login fields and messages (the admin's second
factor), which editors and operators see in the Chinese admin.
"""

from django.utils.translation import gettext_noop as _

SIMPLE_HISTORY = [
    _("View history: %s"),
    _("Change history: %s"),
    _('The %(name)s "%(obj)s" was changed successfully.'),
    _("You may edit it again below"),
    _("View %s"),
    _("Revert %s"),
    _("Created"),
    _("Changed"),
    _("Deleted"),
    _("Choose a date from the list below to revert to a previous version of this object."),
    _("This object doesn't have a change history."),
    _("History"),
    _("View %(verbose_name)s"),
    _("Revert %(verbose_name)s"),
    _("Press the 'Revert' button below to revert to this version of the object."),
    _("Press the 'Change History' button below to edit the history."),
    _("Revert"),
    _("Change History"),
    _("Close"),
]

AXES = [
    _("Account locked: too many login attempts. Please try again later."),
    _("Account locked: too many login attempts. Contact an admin to unlock your account."),
    _("access attempt"),
    _("access attempts"),
    _("access failure"),
    _("access failures"),
    _("access log"),
    _("access logs"),
    _("access attempt expiration"),
    _("access attempt expirations"),
    _("User Agent"),
    _("IP Address"),
    _("Username"),
    _("HTTP Accept"),
    _("Path"),
    _("Attempt Time"),
    _("Logout Time"),
    _("GET Data"),
    _("POST Data"),
    _("Failed Logins"),
    _("Form Data"),
    _("Meta Data"),
]

DJANGO_OTP = [
    _("OTP Token:"),
    _("OTP Device:"),
    _("Get OTP Challenge"),
    _("Please enter your OTP token."),
    _("Invalid token. Please make sure you have entered it correctly."),
    _("Verification of the token is currently disabled"),
    _("Please select a device."),
]
