"""Which fields exist in both languages (django-modeltranslation).

Change history is registered here too, after the translated columns exist, so each
historical record keeps both languages.
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from directory.models import (
    Challenge,
    Collaboration,
    Hub,
    Institution,
    Partner,
    Policy,
    Sector,
    Source,
)

ENTRY_TEXT = ("name", "summary", "description")


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Source)
class SourceTranslation(TranslationOptions):
    fields = ("title", "publisher")


@register(Institution)
class InstitutionTranslation(TranslationOptions):
    fields = (*ENTRY_TEXT, "short_name")


@register(Hub)
class HubTranslation(TranslationOptions):
    fields = (*ENTRY_TEXT, "address")


@register(Policy)
class PolicyTranslation(TranslationOptions):
    fields = (*ENTRY_TEXT, "eligibility")


@register(Challenge)
class ChallengeTranslation(TranslationOptions):
    fields = (*ENTRY_TEXT, "opportunity")


@register(Collaboration)
class CollaborationTranslation(TranslationOptions):
    fields = ENTRY_TEXT


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("name",)


for model in (Institution, Hub, Policy, Challenge, Collaboration):
    register_history(model, app="directory")
register_history(Sector, app="directory")
