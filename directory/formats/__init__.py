"""Hong Kong's conventions for dates and numbers, on top of Django's own locale formats
(settings.FORMAT_MODULE_PATH). Only the differences are set here; Django fills in the rest."""
