"""Fixed lists of values, shared by the models and their querysets."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.TextChoices):
    """Hong Kong's 18 districts, in the order the government lists them."""

    CENTRAL_AND_WESTERN = "central-and-western", _("Central and Western")
    WAN_CHAI = "wan-chai", _("Wan Chai")
    EASTERN = "eastern", _("Eastern")
    SOUTHERN = "southern", _("Southern")
    YAU_TSIM_MONG = "yau-tsim-mong", _("Yau Tsim Mong")
    SHAM_SHUI_PO = "sham-shui-po", _("Sham Shui Po")
    KOWLOON_CITY = "kowloon-city", _("Kowloon City")
    WONG_TAI_SIN = "wong-tai-sin", _("Wong Tai Sin")
    KWUN_TONG = "kwun-tong", _("Kwun Tong")
    KWAI_TSING = "kwai-tsing", _("Kwai Tsing")
    TSUEN_WAN = "tsuen-wan", _("Tsuen Wan")
    TUEN_MUN = "tuen-mun", _("Tuen Mun")
    YUEN_LONG = "yuen-long", _("Yuen Long")
    NORTH = "north", _("North")
    TAI_PO = "tai-po", _("Tai Po")
    SHA_TIN = "sha-tin", _("Sha Tin")
    SAI_KUNG = "sai-kung", _("Sai Kung")
    ISLANDS = "islands", _("Islands")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
