"""Settings for HK AI Portal.

One file, driven by environment variables. Every default is safe: with nothing set, the
portal runs in production mode and refuses to start without a secret key. Local development
and the demo set DJANGO_DEBUG=1. The variables are listed in README.md.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from hkai_portal.env import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (see README.md)."
        )
    # A fresh random key per process is fine for development: sessions simply reset.
    SECRET_KEY = "dev-only-" + secrets.token_urlsafe(48)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its tabs replace the plain fields.
    "modeltranslation",
    # The admin, requiring a second factor (hkai_portal/two_factor.py).
    "hkai_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # Project-wide system checks (hkai_portal/checks.py).
    "hkai_portal",
    "directory",
    "insights",
    # Open data beside the directory (exports, API, feeds, sitemap); the directory never
    # imports it.
    "opendata",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    # Public suggestions and moderation (contributions/), with the rate limit and the
    # admin's bulk import and export they use.
    "contributions",
    "django_ratelimit",
    "import_export",
]

MIDDLEWARE = [
    # First, so every response and every log line of the request carries its id.
    "hkai_portal.request_id.RequestIDMiddleware",
    # CORS headers for the public API (opendata/api/), before anything that may answer.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Early, so responses answered by the middleware below it get the header too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed on the way out (whitenoise serves static files precompressed). Outside
    # the ETag middleware, which then sees the body before compression; CSRF tokens are
    # masked per response, so compressing admin pages does not expose them (BREACH). Pages
    # from the page cache are stored compressed already and pass through untouched (it skips
    # responses that have a Content-Encoding): a cache hit costs no compression.
    "django.middleware.gzip.GZipMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    # /healthz for load balancers, before the Host header check (hkai_portal/health.py).
    "hkai_portal.health.HealthCheckMiddleware",
    # ETag and 304 for every GET, cached pages included.
    "django.middleware.http.ConditionalGetMiddleware",
    # Outside sessions, CSRF and locale, so it sees the cookies and Vary headers they add
    # (directory/cache.py explains the order); keeps a gzip and a plain variant of each page.
    "directory.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An editor's save rolled back because the cache was down gets a page that says so.
    "directory.cache.CacheUnavailableMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # An entry's old address (before an editor changed its slug) answers 301 to its page.
    "opendata.redirects.OldSlugRedirectMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns a lockout raised by the auth backend into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hkai_portal.urls"
WSGI_APPLICATION = "hkai_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Read the database file through a memory map (up to 256 MB) instead of copying pages
    # into each connection's cache: listing queries at 10,000 entries per type measured about
    # 40% faster.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA mmap_size=268435456;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# The demo data, in load order (`manage.py loaddata` takes them in one call).
DEMO_FIXTURES = ["sectors", "institutions", "policies", "collaborations"]

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's backend, sharing one redis-py client (hkai_portal/redis_cache.py).
            "BACKEND": "hkai_portal.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "hkai"),
            "TIMEOUT": 60 * 60,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "hkai-portal",
            "TIMEOUT": 60 * 60,
            # Room for every card of a few thousand entries in both languages (Django's
            # default, 300, would keep evicting them).
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Only a shared cache lets every app server see an editor's change: without REDIS_URL,
# production runs with the page and card caches off, and says so (hkai_portal/checks.py;
# docs/decisions.md). A single process may still turn them on.
SHARED_CACHE = bool(REDIS_URL)
CACHING_BY_DEFAULT = SHARED_CACHE or DEBUG
# Public pages are cached whole; editors' saves invalidate them (directory/cache.py).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", CACHING_BY_DEFAULT)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# Pieces many pages share (result cards, filter options) are cached the same way, so a page
# the page cache has not seen yet is cheap too (directory/fragments.py).
FRAGMENT_CACHE_ENABLED = env_bool("FRAGMENT_CACHE_ENABLED", CACHING_BY_DEFAULT)
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", str(60 * 60)))

# --- Auth and the admin -----------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out client never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The admin's path is not advertised anywhere public; operators may move it.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# Staff need a second factor (django-otp: an authenticator app, or a one-time recovery code)
# to use the admin. The demo's accounts, whose passwords are published, are exempt, and only
# in debug (hkai_portal/two_factor.py).
OTP_TOTP_ISSUER = "HK AI Portal"
TWO_FACTOR_DEMO_USERNAMES = ["editor", "publisher"]

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
# Locked per username from an address, and per address whatever the username, so one address
# cannot try a password against every account. Not per username alone: anyone could then
# lock an editor out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Proxies (load balancer, CDN) in front of the app servers; each appends to X-Forwarded-For.
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "hkai_portal.client_ip.client_ip"

# --- Languages ----------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hant", _("Traditional Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Hong Kong's date and number conventions over Django's defaults (day-first English dates,
# comma-grouped Chinese numbers).
FORMAT_MODULE_PATH = ["directory.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Hong_Kong"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# The admin's language tabs need jQuery UI; modeltranslation would load it from a CDN. The
# portal loads nothing from outside (and CSP forbids it), so a vendored copy is served.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# --- Static files -------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names need `collectstatic`; development and tests skip that.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Security -----------------------------------------------------------------------------

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe the app servers over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/ready)?$"]
if env_bool("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# No inline script or style anywhere; htmx's own indicator styles are switched off in base.html.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Browser features no page uses, refused to any script.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
        "payment", "usb", "interest-cohort",
    )
}  # fmt: skip

# --- Logging ------------------------------------------------------------------------------

LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "hkai_portal.request_id.RequestIDFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            # ISO 8601 in UTC, whatever TIME_ZONE says: logs from every server line up.
            "timestamp": "time",
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Its start-up banner would land in the stdout of every management command.
        "axes.apps": {"level": "WARNING"},
    },
}

# --- Contributions, moderation and staying up ---------------------------------------------

# A database outage answers 503 with this Retry-After (hkai_portal/outage.py).
OUTAGE_RETRY_AFTER_SECONDS = int(os.environ.get("OUTAGE_RETRY_AFTER_SECONDS", "60"))

# Public suggestions: a per-address limit kept in the shared cache (django-ratelimit), and a
# form filled faster than this is a robot's.
SUGGESTION_RATE = os.environ.get("SUGGESTION_RATE", "5/10m")
SUGGESTION_MIN_FILL_SECONDS = float(os.environ.get("SUGGESTION_MIN_FILL_SECONDS", "3"))
RATELIMIT_USE_CACHE = "default"
# The address behind proxies, as the admin lockout sees it (hkai_portal/client_ip.py).
RATELIMIT_IP_META_KEY = "hkai_portal.client_ip.client_ip"
RATELIMIT_FAIL_OPEN = True  # a cache outage must not block every visitor (logged, too)
SILENCED_SYSTEM_CHECKS = [
    # Django's own RedisCache (incr is atomic) is not on django-ratelimit's list.
    "django_ratelimit.W001",
    # Without REDIS_URL (the demo, tests) the limit is per process: one process serves then.
    *([] if REDIS_URL else ["django_ratelimit.E003"]),
]

# Email to suggesters: printed on the console unless EMAIL_URL (smtp://user:pass@host:587,
# submission://... for STARTTLS) or EMAIL_HOST says where to send it.
if os.environ.get("EMAIL_URL"):
    globals().update(dj_email_url.parse(os.environ["EMAIL_URL"]))
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "HK AI Portal <noreply@localhost>")

# Source link checks (manage.py check_sources).
LINK_CHECK_TIMEOUT_SECONDS = float(os.environ.get("LINK_CHECK_TIMEOUT_SECONDS", "10"))
LINK_CHECK_CONCURRENCY = int(os.environ.get("LINK_CHECK_CONCURRENCY", "8"))
# Entries not reviewed for this long are listed on the editors' dashboard.
REVIEW_AFTER_DAYS = int(os.environ.get("REVIEW_AFTER_DAYS", "180"))
# Bulk editing (django-import-export): importing needs the change permission, exporting the
# view permission; a file is imported in one transaction (a bad row writes nothing).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True

# --- Open data: the public API (opendata/api/) ------------------------------------------

REST_FRAMEWORK = {
    # Read-only and anonymous: no sessions, no CSRF, JSON only (the docs are Swagger UI).
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["opendata.api.renderers.HTMLSafeJSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Counted in the shared cache (Redis in production), so the limit holds across servers.
    "DEFAULT_THROTTLE_CLASSES": ["opendata.api.throttling.AnonymousThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_THROTTLE_RATE", "120/minute")},
    # The client's address behind the proxies that append to X-Forwarded-For.
    "NUM_PROXIES": PROXY_COUNT,
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "HK AI Portal API",
    "DESCRIPTION": (
        "Read-only access to the published entries of HK AI Portal, in English and "
        "Traditional Chinese. Listings take the same filters as the site's listings. "
        "Data licence: CC BY 4.0."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files (drf-spectacular-sidecar): no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Anyone may read the API from a browser; nothing else crosses origins.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET"]
