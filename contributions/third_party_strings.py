"""Strings of django-import-export, which ships no Traditional Chinese catalogue, listed here
only so that `make messages` extracts them into ours (never imported): editors import and
export in the Chinese admin too (as directory/third_party_strings.py does for other apps)."""

from django.utils.translation import gettext_noop as _

IMPORT_EXPORT = [
    _("Import"),
    _("Export"),
    _("Export selected %(verbose_name_plural)s"),
    _("%s through import_export"),
    _("Import finished: {} new, {} updated, {} deleted and {} skipped {}."),
    _(
        "%(exc_name)s encountered while trying to read file. Ensure you have chosen the "
        "correct format for the file."
    ),
    _("No valid data to import. Ensure your file has the correct headers or data for import."),
    _("Resource"),
    _("Format"),
    _("File to import"),
    _("Export %(len)s selected item."),
    _("This exporter will export the following fields: "),
    _("This importer will import the following fields: "),
    _("Select all"),
    _("Submit"),
    _(
        "Below is a preview of data to be imported. If you are satisfied with the results, "
        "click 'Confirm import'"
    ),
    _("Confirm import"),
    _("Errors"),
    _("Line number"),
    _("Some rows failed to validate"),
    _(
        "Please correct these errors in your data where possible, then reupload it using the "
        "form above."
    ),
    _("Row"),
    _("Non field specific"),
    _("Preview"),
    _("New"),
    _("Skipped"),
    _("Delete"),
    _("Update"),
    _("Value could not be parsed."),
]
