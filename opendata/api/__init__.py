"""The read-only public API at /api/v1/ (Django REST framework, documented by
drf-spectacular): every entry type's listing, filtered by the listing's own FilterSet, and
its detail by slug; the sectors."""
