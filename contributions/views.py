"""The public's suggestion pages: thin views over the forms (forms.py) and the rate limit
(throttle.py). A suggestion is saved before the thank-you page, which is reached by a
redirect, so reloading it never sends anything again."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from contributions import targets, throttle
from contributions.forms import CorrectionForm, EntrySuggestionForm
from contributions.models import Suggestion


def _suggest(request, form_class, template, context, **form_kwargs):
    if request.method == "POST":
        wait = throttle.seconds_until_allowed(request)
        if wait is not None:
            response = render(request, "contributions/rate_limited.html", status=429)
            response["Retry-After"] = str(wait)
            return response
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            fields = form.suggestion_fields()
            # get_or_create: the same form sent twice (or at once, twice) stores one.
            Suggestion.objects.get_or_create(
                submission=fields.pop("submission"),
                defaults={**fields, "language": get_language()},
            )
            return redirect("contributions:thanks")
        form.fresh_ticket()
        status = 400
    else:
        form = form_class(**form_kwargs)
        status = 200
    return render(request, template, {**context, "form": form}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def suggest_correction(request, type_path, slug):
    """At the entry's own address plus suggest/ (detail.html links it without knowing this
    app exists)."""
    model = targets.model_by_path(type_path)
    if model is None:
        raise Http404
    entry = get_object_or_404(model.objects.published(), slug=slug)
    context = {"entry": entry}
    return _suggest(
        request, CorrectionForm, "contributions/suggest_correction.html", context, entry=entry
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def suggest_entry(request):
    return _suggest(request, EntrySuggestionForm, "contributions/suggest_entry.html", {})


def thanks(request):
    return render(request, "contributions/thanks.html")
