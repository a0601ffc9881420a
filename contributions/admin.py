"""The editors' side of contributions, in the admin.

- The suggestions queue: new, approved (waiting for a publisher), accepted, rejected; a
  correction shows the entry's current value beside the proposed one; Apply, Create draft
  and Reject, each with an optional email to the suggester. An editor's Apply on a published
  entry is an approval: a publisher publishes it. Submitted links are shown as plain text,
  never as links.
- Two-step publishing for every entry type: editors draft and edit, only publishers
  (the `contributions.publish_entries` permission) publish and unpublish. The directory's
  own ModelAdmins are extended here, so `directory` never imports this app.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin

from contributions import dashboard, moderation, targets
from contributions.models import PUBLISH_PERMISSION, Suggestion
from contributions.resources import RESOURCES
from directory.models import ENTRY_MODELS, PublicationStatus, Source

ADMIN_CSS = forms.Media(css={"all": ["contributions/admin.css"]})

# The editors' dashboard (dashboard.py) heads the admin index.
admin.site.index_template = "admin/contributions/index.html"


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            (
                dashboard.REVIEW_DUE,
                _("Not reviewed for %(days)s days") % {"days": settings.REVIEW_AFTER_DAYS},
            )
        ]

    def queryset(self, request, queryset):
        if self.value() == dashboard.REVIEW_DUE:
            return queryset.filter(dashboard.review_due_q())
        return queryset


class BrokenLinkFilter(admin.SimpleListFilter):
    title = _("link")
    parameter_name = "link"

    def lookups(self, request, model_admin):
        return [("broken", _("Broken")), ("unchecked", _("Not checked yet"))]

    def queryset(self, request, queryset):
        if self.value() == "broken":
            return queryset.broken()
        if self.value() == "unchecked":
            return queryset.filter(link_checked__isnull=True)
        return queryset


@admin.register(Source)
class SourceLinkAdmin(admin.ModelAdmin):
    """Every source with its link check, to find the broken ones; each is edited on its
    entry's page (the sources inline)."""

    list_display = ("title", "url_text", "cited_by", "link_status", "link_checked", "link_last_ok")
    list_filter = (BrokenLinkFilter,)
    search_fields = ("title_en", "title_zh_hant", "url")
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("entry")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # edited on the entry's page

    @admin.display(description=_("URL"))
    def url_text(self, obj):
        return format_html("<code>{}</code>", obj.url)

    @admin.display(description=_("cited by"))
    def cited_by(self, obj):
        if obj.entry is None:
            return "-"
        return format_html('<a href="{}">{}</a>', admin_url(obj.entry), obj.entry)


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "status", "about", "field_label", "submitted")
    list_filter = ("status", "kind", "entry_type")
    search_fields = ("name", "text", "source_url")
    date_hierarchy = "submitted"
    list_per_page = 50
    readonly_fields = (
        "kind",
        "status",
        "about",
        "field_label",
        "name",
        "text",
        "source_list",
        "email",
        "language",
        "submitted",
        "decided_by",
        "decided",
        "published_by",
        "published",
        "notified",
    )
    fields = readonly_fields
    change_form_template = "admin/contributions/suggestion/change_form.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("content_type", "decided_by", "published_by")
        )

    def has_add_permission(self, request):
        return False  # suggestions come from the public forms

    @admin.display(description=_("about"))
    def about(self, obj):
        if obj.entry is None:
            return obj.name or "-"
        return format_html('<a href="{}">{}</a>', admin_url(obj.entry), obj.entry)

    @admin.display(description=_("field"))
    def field_label(self, obj):
        model = targets.model_by_name(obj.entry_type)
        return targets.field_label(model, obj.field) if model and obj.field else "-"

    @admin.display(description=_("sources (not yet checked: copy, do not click)"))
    def source_list(self, obj):
        items = format_html_join("", "<li><code>{}</code></li>", ((u,) for u in obj.source_urls()))
        return format_html('<ul class="suggested-sources">{}</ul>', items)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        suggestion = self.get_object(request, object_id)
        extra = {**(extra_context or {})}
        if suggestion is not None:
            extra.update(
                suggestion=suggestion,
                current_value=moderation.current_value(suggestion),
                can_decide=self.can_decide(request, suggestion),
                needs_publisher=moderation.needs_publisher(suggestion, request.user),
            )
        return super().change_view(request, object_id, form_url, extra)

    def get_urls(self):
        decide = self.admin_site.admin_view(require_POST(self.decide_view))
        return [
            path("<int:pk>/decide/", decide, name="contributions_decide"),
            *super().get_urls(),
        ]

    def can_decide(self, request, suggestion):
        """A new suggestion is for editors; an approved correction, for publishers."""
        if not self.has_change_permission(request, suggestion):
            return False
        if suggestion.status == Suggestion.Status.APPROVED:
            return request.user.has_perm(PUBLISH_PERMISSION)
        return suggestion.status == Suggestion.Status.NEW

    def decide_view(self, request, pk):
        suggestion = get_object_or_404(Suggestion, pk=pk)
        if not self.has_change_permission(request, suggestion):
            raise PermissionDenied
        if not suggestion.is_open:
            self.message_user(request, _("This suggestion was already decided."), messages.WARNING)
            return redirect(admin_url(suggestion))
        if not self.can_decide(request, suggestion):
            raise PermissionDenied
        note = request.POST.get("note", "")[:2000]
        decision = request.POST.get("decision")
        if decision == "draft" and suggestion.kind == Suggestion.Kind.NEW_ENTRY:
            return self._create_draft(request, suggestion, note)
        if decision == "apply" and suggestion.kind == Suggestion.Kind.CORRECTION:
            entry = suggestion.entry
            if entry is not None and not request.user.has_perm(change_permission(type(entry))):
                raise PermissionDenied
            waits = moderation.needs_publisher(suggestion, request.user)
            act = moderation.approve_correction if waits else moderation.apply_correction
            try:
                act(suggestion, request.user, note)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return redirect(admin_url(suggestion))
            if waits:
                self.message_user(
                    request,
                    _("Approved. The entry is published, so a publisher publishes the change."),
                )
                return redirect(reverse("admin:contributions_suggestion_changelist"))
            self.message_user(request, _("Applied: the entry's history names you."))
        elif decision == "reject":
            moderation.decide(suggestion, Suggestion.Status.REJECTED, request.user, note)
            self.message_user(request, _("Rejected."))
        else:
            return redirect(admin_url(suggestion))
        self._notify(request, suggestion)
        return redirect(reverse("admin:contributions_suggestion_changelist"))

    def _create_draft(self, request, suggestion, note):
        model = targets.model_by_name(suggestion.entry_type)
        if model is None or not request.user.has_perm(
            f"{model._meta.app_label}.add_{model._meta.model_name}"
        ):
            raise PermissionDenied
        suggestion.note = note
        suggestion.save(update_fields=["note"])
        return redirect(
            moderation.draft_form_url(suggestion, notify=bool(request.POST.get("notify")))
        )

    def _notify(self, request, suggestion):
        if request.POST.get("notify") and suggestion.email:
            if moderation.notify(suggestion):
                self.message_user(request, _("The suggester was emailed."))
            else:
                self.message_user(request, _("The email could not be sent."), messages.WARNING)


def admin_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def change_permission(model):
    return f"{model._meta.app_label}.change_{model._meta.model_name}"


class BulkEditingMixin(ImportExportMixin):
    """Import (with a dry-run preview and line-numbered errors) and export, both languages
    (resources.py). Editors' imports cannot publish."""

    def get_resource_classes(self, request):
        return [RESOURCES[self.model]]

    def get_import_resource_kwargs(self, request, **kwargs):
        kwargs = super().get_import_resource_kwargs(request, **kwargs)
        return {**kwargs, "may_publish": request.user.has_perm(PUBLISH_PERMISSION)}


class PublishingMixin:
    """Two-step publishing on an entry type's admin, and the link back to the suggestion a
    draft was made from."""

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    @property
    def media(self):
        return super().media + ADMIN_CSS

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), ReviewDueFilter)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not self.has_publish_permission(request):
            return (*fields, "status")
        return fields

    def get_actions(self, request):
        """Only the actions offered here can be run (the admin refuses any other)."""
        actions = super().get_actions(request)
        if not self.has_publish_permission(request):
            actions.pop("publish", None)
            actions.pop("unpublish", None)
        return actions

    def save_model(self, request, obj, form, change):
        if not change and not self.has_publish_permission(request):
            obj.status = PublicationStatus.DRAFT
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        suggestion_id = request.GET.get("suggestion", "")
        if not change and suggestion_id.isdigit():
            suggestion = Suggestion.objects.filter(
                pk=suggestion_id, status=Suggestion.Status.NEW, kind=Suggestion.Kind.NEW_ENTRY
            ).first()
            if suggestion is not None and request.user.has_perm("contributions.change_suggestion"):
                moderation.link_draft(suggestion, form.instance, request.user)
                moderation.add_sources(suggestion, form.instance)
                if request.GET.get("notify"):
                    moderation.notify(suggestion)


def extend_entry_admins(site, mixins):
    """Re-register each entry type's ModelAdmin with `mixins` in front of it."""
    for model in ENTRY_MODELS:
        base = type(site.get_model_admin(model))
        site.unregister(model)
        site.register(model, type(base.__name__, (*mixins, base), {}))


extend_entry_admins(admin.site, [PublishingMixin, BulkEditingMixin])
