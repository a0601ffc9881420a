"""Placeholder views: replaced by the public site (issue 3)."""

from django.http import Http404


def _not_yet(request, **kwargs):
    raise Http404


home = search = sector_detail = _not_yet
institution_list = institution_detail = hub_list = hub_detail = _not_yet
policy_list = policy_detail = challenge_list = challenge_detail = _not_yet
