"""The public's two suggestion forms, and what keeps robots and replays out of them.

Every form carries a *ticket*: a signed (id, time issued) pair made when the form is shown.
The id becomes the suggestion's `submission`, so the same form posted twice (a double click,
a replay) stores one suggestion; the time gives the minimum fill time. A hidden *honeypot*
field, which people never see, catches robots that fill in every field.
"""

import time
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from contributions import targets
from contributions.models import EMAIL_MAX, NAME_MAX, TEXT_MAX, URL_MAX, Suggestion

TICKET_SALT = "contributions.ticket"
TICKET_MAX_AGE = 24 * 60 * 60
MORE_SOURCES_MAX = 5


def web_address_field(**kwargs):
    """A URL field taking web addresses only (no ftp:, no javascript:)."""
    return forms.URLField(
        max_length=URL_MAX,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        **kwargs,
    )


def new_ticket():
    return signing.dumps({"id": uuid.uuid4().hex, "t": time.time()}, salt=TICKET_SALT)


class SuggestionForm(forms.Form):
    ticket = forms.CharField(widget=forms.HiddenInput, max_length=200)
    # The honeypot: hidden from people by CSS and from screen readers by aria-hidden.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    source_url = web_address_field(
        label=_("Source URL"),
        help_text=_("An official page that shows this is true."),
    )
    email = forms.EmailField(
        label=_("Your email (optional)"),
        required=False,
        max_length=EMAIL_MAX,
        help_text=_("Only to tell you what was decided. Never shown or shared."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["ticket"] = new_ticket()

    def clean_ticket(self):
        try:
            ticket = signing.loads(
                self.cleaned_data["ticket"], salt=TICKET_SALT, max_age=TICKET_MAX_AGE
            )
            submission = uuid.UUID(ticket["id"])
            elapsed = time.time() - float(ticket["t"])
        except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
            raise forms.ValidationError(
                _("This form has expired. Please check your text and send it again.")
            ) from error
        if elapsed < settings.SUGGESTION_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was quicker than anyone can type. Please check and send it again.")
            )
        return submission

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def fresh_ticket(self):
        """After an error the page offers a new ticket, so the next try is a new form."""
        data = self.data.copy()
        data["ticket"] = new_ticket()
        self.data = data

    def suggestion_fields(self):
        return {
            "submission": self.cleaned_data["ticket"],
            "source_url": self.cleaned_data["source_url"],
            "email": self.cleaned_data["email"],
        }


class CorrectionForm(SuggestionForm):
    field_order = ["field", "text", "source_url", "email"]

    field = forms.ChoiceField(label=_("What is wrong or missing?"))
    text = forms.CharField(
        label=_("The correct text"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text, up to 2,000 characters."),
    )

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.fields["field"].choices = targets.field_choices(type(entry))

    def suggestion_fields(self):
        return {
            **super().suggestion_fields(),
            "kind": Suggestion.Kind.CORRECTION,
            "entry": self.entry,
            "entry_type": self.entry._meta.model_name,
            "field": self.cleaned_data["field"],
            "text": self.cleaned_data["text"],
        }


class EntrySuggestionForm(SuggestionForm):
    field_order = ["entry_type", "name", "text", "source_url", "more_sources", "email"]

    entry_type = forms.ChoiceField(label=_("Type of entry"))
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    text = forms.CharField(
        label=_("Summary"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What it is and why it belongs here, in a sentence or two."),
    )
    more_sources = forms.CharField(
        label=_("More source URLs (optional)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, up to five."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry_type"].choices = targets.type_choices()

    def clean_more_sources(self):
        urls = self.cleaned_data["more_sources"].split()
        if len(urls) > MORE_SOURCES_MAX:
            raise forms.ValidationError(_("Up to five more sources, please."))
        field = web_address_field()
        return "\n".join(field.clean(url) for url in urls)

    def suggestion_fields(self):
        return {
            **super().suggestion_fields(),
            "kind": Suggestion.Kind.NEW_ENTRY,
            "entry_type": self.cleaned_data["entry_type"],
            "name": self.cleaned_data["name"],
            "text": self.cleaned_data["text"],
            "more_sources": self.cleaned_data["more_sources"],
        }
