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


class Region(models.TextChoices):
    """Where a collaboration's partner is: a country, or a region as Hong Kong's government
    names it (the Mainland, Macao, Taiwan). Editors add a value here when a new one is
    needed; the listing's filter offers every value."""

    CHINESE_MAINLAND = "chinese-mainland", _("Chinese Mainland")
    MACAO = "macao", _("Macao")
    TAIWAN = "taiwan", _("Taiwan")
    AUSTRALIA = "australia", _("Australia")
    CANADA = "canada", _("Canada")
    FRANCE = "france", _("France")
    GERMANY = "germany", _("Germany")
    ITALY = "italy", _("Italy")
    JAPAN = "japan", _("Japan")
    SAUDI_ARABIA = "saudi-arabia", _("Saudi Arabia")
    SINGAPORE = "singapore", _("Singapore")
    SOUTH_KOREA = "south-korea", _("South Korea")
    SWEDEN = "sweden", _("Sweden")
    SWITZERLAND = "switzerland", _("Switzerland")
    UNITED_ARAB_EMIRATES = "united-arab-emirates", _("United Arab Emirates")
    UNITED_KINGDOM = "united-kingdom", _("United Kingdom")
    UNITED_STATES = "united-states", _("United States")
