"""The editors' workplace: every kind of entry with both languages as tabs
(django-modeltranslation), change history and revert (django-simple-history), sources
inline, and bulk publish / unpublish / reviewed actions.

Permissions come from the "Editors" group (migration 0002). jQuery UI for the language
tabs is served from static/vendor (settings.JQUERY_UI_URL), never from a CDN.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationGenericTabularInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin

from directory.languages import translated_field_names
from directory.models import (
    Challenge,
    Collaboration,
    Hub,
    Institution,
    Partner,
    Policy,
    PublicationStatus,
    Sector,
    Source,
)

admin.site.site_header = _("HK AI Portal administration")
admin.site.site_title = _("HK AI Portal admin")
admin.site.index_title = _("Directory administration")


def lacks_annotation(code):
    """Name of the boolean annotation saying an entry lacks text in language `code`."""
    return "lacks_" + code.replace("-", "_")


class MissingTranslationFilter(admin.SimpleListFilter):
    """Entries whose name or summary is still empty in one language."""

    title = _("missing translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [
            (code, _("Lacks %(language)s text") % {"language": name})
            for code, name in settings.LANGUAGES
        ]

    def queryset(self, request, queryset):
        if self.value() in dict(settings.LANGUAGES):
            return queryset.missing_translation(self.value())
        return queryset


class HubSupportFilter(admin.SimpleListFilter):
    title = _("support offered")
    parameter_name = "support"

    def lookups(self, request, model_admin):
        return Hub.Support.choices

    def queryset(self, request, queryset):
        if self.value() in Hub.Support.values:
            return queryset.filter(**{Hub.support_field(self.value()): True})
        return queryset


class SourceInline(TranslationGenericTabularInline):
    """The citations backing an entry, edited on the entry's own page. Fits a 1280 px
    screen: the URL is a plain input (the admin's "Currently: <link>" line above it ran
    the table off the screen), and static/css/admin.css lets the inputs share the width."""

    model = Source
    fields = ("title", "url", "publisher", "accessed", "link_check")
    readonly_fields = ("link_check",)
    extra = 1
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https", "widget": forms.URLInput},
    }

    @admin.display(description=_("link check"))
    def link_check(self, source):
        """The last `check_sources` result, for the editor to act on."""
        if source.link_checked is None:
            return "-"
        date = date_format(timezone.localtime(source.link_checked), "SHORT_DATE_FORMAT")
        if source.link_broken:
            return _("Broken (%(status)s) on %(date)s") % {
                "status": source.link_status or _("unreachable"),
                "date": date,
            }
        return _("Working on %(date)s") % {"date": date}

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["css/admin.css"]})


class PortalModelAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    """Change history with revert, and both languages as tabs, for every model here."""

    # The stock list has an inline style attribute, which the portal's CSP blocks.
    object_history_list_template = "admin/directory/object_history_list.html"
    # An address typed without a scheme ("www.hku.hk") is taken as https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class EntryAdmin(PortalModelAdmin):
    """What the four kinds of entry share in the admin."""

    inlines = [SourceInline]
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = ("created", "updated")
    actions = ["publish", "unpublish", "mark_reviewed"]
    list_per_page = 50
    show_full_result_count = False
    # Searched in every language, so a Chinese query finds entries from either interface.
    search_fields = (*translated_field_names(("name", "summary")), "slug")
    review_fieldset = (_("Review"), {"fields": ("last_reviewed", "created", "updated")})

    def get_queryset(self, request):
        """Annotates which languages lack text (reusing the model's own rule) and
        prefetches sectors, so the changelist runs a fixed number of queries."""
        queryset = super().get_queryset(request).prefetch_related("sectors")
        model = queryset.model
        return queryset.annotate(
            **{
                lacks_annotation(code): Exists(
                    model.objects.missing_translation(code).filter(pk=OuterRef("pk"))
                )
                for code, _name in settings.LANGUAGES
            }
        )

    @admin.display(description=_("sectors"))
    def sector_list(self, obj):
        return ", ".join(sector.name for sector in obj.sectors.all())

    @admin.display(description=_("missing translation"))
    def missing_languages(self, obj):
        """Which languages still lack a name or summary: the editor's to-do list."""
        missing = [
            str(name)
            for code, name in settings.LANGUAGES
            if getattr(obj, lacks_annotation(code), False)
        ]
        return ", ".join(missing) or None

    def view_on_site(self, obj):
        """Only published entries have a public page; drafts would be a 404."""
        return obj.get_absolute_url() if obj.is_published else None

    def _change_each(self, request, queryset, message, reason, **changes):
        """Saves entry by entry (not queryset.update) so each change is recorded in the
        history and the usual save signals, such as cache invalidation, run; entries that
        already have the values are left alone. Tells the editor how many changed."""
        count = 0
        with transaction.atomic():
            for entry in queryset:
                if all(getattr(entry, field) == value for field, value in changes.items()):
                    continue
                for field, value in changes.items():
                    setattr(entry, field, value)
                entry._change_reason = str(reason)
                entry.save()
                count += 1
        items = model_ngettext(self.opts, count)
        self.message_user(request, message % {"count": count, "items": items}, messages.SUCCESS)

    @admin.action(description=_("Publish selected %(verbose_name_plural)s"), permissions=["change"])
    def publish(self, request, queryset):
        self._change_each(
            request,
            queryset,
            _("%(count)d %(items)s published."),
            _("Published"),
            status=PublicationStatus.PUBLISHED,
        )

    @admin.action(
        description=_("Unpublish selected %(verbose_name_plural)s (back to draft)"),
        permissions=["change"],
    )
    def unpublish(self, request, queryset):
        self._change_each(
            request,
            queryset,
            _("%(count)d %(items)s moved back to draft."),
            _("Moved back to draft"),
            status=PublicationStatus.DRAFT,
        )

    @admin.action(
        description=_("Mark selected %(verbose_name_plural)s as reviewed today"),
        permissions=["change"],
    )
    def mark_reviewed(self, request, queryset):
        self._change_each(
            request,
            queryset,
            _("%(count)d %(items)s marked as reviewed today."),
            _("Marked as reviewed"),
            last_reviewed=timezone.localdate(),
        )


ENTRY_COLUMNS_END = ("status", "sector_list", "last_reviewed", "updated", "missing_languages")
ENTRY_FILTERS_END = ("sectors", MissingTranslationFilter)


@admin.register(Institution)
class InstitutionAdmin(EntryAdmin):
    list_display = ("name", "short_name", "kind", "parent", *ENTRY_COLUMNS_END)
    list_filter = ("status", "kind", "district", "founded", *ENTRY_FILTERS_END)
    list_select_related = ("parent",)
    search_fields = (*EntryAdmin.search_fields, *translated_field_names(("short_name",)))
    autocomplete_fields = ("parent", "hubs", "sectors")
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "kind", "status")}),
        (_("Text"), {"fields": ("summary", "description")}),
        (_("Details"), {"fields": ("parent", "founded", "district", "website", "hubs", "sectors")}),
        EntryAdmin.review_fieldset,
    )


@admin.register(Hub)
class HubAdmin(EntryAdmin):
    list_display = ("name", "kind", "operator", *ENTRY_COLUMNS_END)
    list_filter = ("status", "kind", HubSupportFilter, "district", "opened", *ENTRY_FILTERS_END)
    list_select_related = ("operator",)
    search_fields = (*EntryAdmin.search_fields, *translated_field_names(("address",)))
    autocomplete_fields = ("operator", "sectors")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "status")}),
        (_("Text"), {"fields": ("summary", "description")}),
        (
            _("Details"),
            {"fields": ("operator", "opened", "district", "address", "website", "sectors")},
        ),
        (
            _("Support offered"),
            {"fields": tuple(Hub.support_field(value) for value in Hub.Support.values)},
        ),
        EntryAdmin.review_fieldset,
    )


@admin.register(Policy)
class PolicyAdmin(EntryAdmin):
    list_display = ("name", "kind", "issuer", "announced_year", "stage", *ENTRY_COLUMNS_END)
    list_filter = ("status", "kind", "stage", "announced_year", *ENTRY_FILTERS_END)
    list_select_related = ("issuer",)
    # Policies are also found by their issuing body's names.
    search_fields = (
        *EntryAdmin.search_fields,
        *(f"issuer__{column}" for column in translated_field_names(("name", "short_name"))),
    )
    autocomplete_fields = ("issuer", "superseded_by", "challenges", "sectors")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "stage", "status")}),
        (_("Text"), {"fields": ("summary", "description")}),
        (
            _("Details"),
            {
                "fields": (
                    "issuer",
                    "announced_year",
                    "announced_on",
                    "superseded_by",
                    "budget_hkd",
                    "document_url",
                    "challenges",
                    "sectors",
                )
            },
        ),
        (
            _("Funding eligibility (funding and talent schemes)"),
            {
                "fields": (
                    "applications",
                    "apply_url",
                    "eligibility",
                    ("open_to_university", "open_to_startup", "open_to_sme", "open_to_individual"),
                    ("for_stage_research", "for_stage_early", "for_stage_growth"),
                ),
                "description": _(
                    "Shown by the funding finder. Fill these from the scheme's own pages."
                ),
            },
        ),
        EntryAdmin.review_fieldset,
    )


@admin.register(Challenge)
class ChallengeAdmin(EntryAdmin):
    list_display = ("name", "category", *ENTRY_COLUMNS_END)
    list_filter = ("status", "category", *ENTRY_FILTERS_END)
    search_fields = (*EntryAdmin.search_fields, *translated_field_names(("opportunity",)))
    autocomplete_fields = ("sectors",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "category", "status")}),
        (_("Text"), {"fields": ("summary", "description", "opportunity")}),
        (_("Details"), {"fields": ("sectors",)}),
        EntryAdmin.review_fieldset,
    )


class PartnerInline(TranslationTabularInline):
    """A collaboration's partners outside Hong Kong, edited on its own page."""

    model = Partner
    fields = ("name", "region", "institution")
    autocomplete_fields = ("institution",)
    extra = 1


@admin.register(Collaboration)
class CollaborationAdmin(EntryAdmin):
    list_display = ("name", "kind", "stage", "started", *ENTRY_COLUMNS_END)
    list_filter = ("status", "kind", "stage", "partners__region", "started", *ENTRY_FILTERS_END)
    # Found by their partners' names too, in either language.
    search_fields = (
        *EntryAdmin.search_fields,
        *(f"partners__{column}" for column in translated_field_names(("name",))),
    )
    autocomplete_fields = ("institutions", "hubs", "sectors")
    inlines = [PartnerInline, *EntryAdmin.inlines]
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "stage", "status")}),
        (_("Text"), {"fields": ("summary", "description")}),
        (
            _("Details"),
            {"fields": ("institutions", "hubs", "started", "website", "sectors")},
        ),
        EntryAdmin.review_fieldset,
    )


@admin.register(Sector)
class SectorAdmin(PortalModelAdmin):
    """Sectors shape the public navigation: editors may rename, describe and reorder them;
    adding or deleting one is left to administrators (see migration 0002)."""

    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    ordering = ("order", "slug")
    search_fields = (*translated_field_names(("name",)), "slug")
    prepopulated_fields = {"slug": ("name_en",)}
