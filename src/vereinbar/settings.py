"""Settings for vereinbar, read from the environment.

Embedded mode (no variables set): SQLite in the data directory, a secret key generated
once and kept in the data directory, mails printed on the console. Production: set the
variables documented in docs/deployment.md (see README).
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent  # the vereinbar package
PROJECT_DIR = BASE_DIR.parent.parent  # the repository root (src/..)


def envstr(name: str, default: str = "") -> str:
    """A string from the environment; NAME_FILE names a file holding it (for secrets)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


DATA_DIR = Path(envstr("VEREINBAR_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()

DEBUG = envbool("VEREINBAR_DEBUG", False)
TESTING = envbool("VEREINBAR_TESTING", False)


def _secret_key() -> str:
    key = envstr("VEREINBAR_SECRET_KEY")
    if key:
        return key
    # Embedded mode: one random key per installation, kept beside the database.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
# Earlier secrets, still accepted after a change of VEREINBAR_SECRET_KEY (docs/deployment.md,
# "Rotating the secret key"): sessions and links signed before stay valid, reminders of a survey
# repeat the link first mailed, and the credential signing keys can be re-encrypted. Separated by
# spaces, commas or lines; VEREINBAR_SECRET_KEY_FALLBACKS_FILE names a file holding them.
SECRET_KEY_FALLBACKS = [key for key in re.split(r"[\s,]+", envstr("VEREINBAR_SECRET_KEY_FALLBACKS")) if key]

ALLOWED_HOSTS = envlist("VEREINBAR_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("VEREINBAR_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("VEREINBAR_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's list of security keys
    "django_htmx",
    "django_tasks_db",
    "axes",
    "ninja",
    "django_countries",  # country names in every language (registration, profile, history)
    "vereinbar.core",
    "vereinbar.accounts",
    "vereinbar.activity",
    "vereinbar.organisations",
    "vereinbar.programmes",
    "vereinbar.cycles",
    "vereinbar.measures",
    "vereinbar.surveys",
    "vereinbar.certificates",
    "vereinbar.credentials",
    "vereinbar.directory",
    "vereinbar.news",
    "vereinbar.notifications",
    "vereinbar.privacy",
    "vereinbar.pages",
    "vereinbar.webhooks",
    "vereinbar.api",
    "vereinbar.site",  # the composition layer: API router, start page URLs, demo (docs/architecture.md)
    # Single sign-on (OpenID Connect) and two-factor sign-in: docs/authentication.md. After our
    # apps, so that our templates for allauth's pages win.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
]

MIDDLEWARE = [
    "vereinbar.core.middleware.DatabaseUnavailableMiddleware",  # outermost: database down → 503
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "vereinbar.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "vereinbar.accounts.middleware.TwoFactorRequiredMiddleware",
]

ROOT_URLCONF = "vereinbar.urls"
WSGI_APPLICATION = "vereinbar.wsgi.application"
ASGI_APPLICATION = "vereinbar.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vereinbar.core.context_processors.site",
            ],
        },
    },
]
# Forms render with the KERN-UX design system's markup (core/form_templates/).
FORM_RENDERER = "vereinbar.core.form_renderer.KernFormRenderer"

# --- Database -------------------------------------------------------------------------
# PostgreSQL when DATABASE_URL or PGDATABASE is set; otherwise the embedded SQLite file.


def _postgres_options(config: dict[str, object]) -> dict[str, object]:
    """PostgreSQL without its JIT compiler (unless the URL's ``options`` set ``jit``): the
    directory's statements are estimated above ``jit_above_cost`` and spent 30 ms of 130 ms
    compiling (docs/performance.md). Nothing here runs long enough to gain from it."""
    if config.get("ENGINE") != "django.db.backends.postgresql":
        return config
    given_options = config.get("OPTIONS")
    options: dict[str, object] = dict(given_options) if isinstance(given_options, dict) else {}
    given = str(options.get("options", ""))
    if "jit" not in given:
        options["options"] = f"{given} -c jit=off".strip()
    return {**config, "OPTIONS": options}


def _database() -> dict[str, object]:
    url = envstr("DATABASE_URL")
    if url:
        import dj_database_url

        config: dict[str, object] = dict(
            dj_database_url.parse(url, conn_max_age=envint("VEREINBAR_DB_CONN_MAX_AGE", 60))
        )
        config["CONN_HEALTH_CHECKS"] = True
        return _postgres_options(config)
    if os.environ.get("PGDATABASE"):
        # libpq reads PGHOST, PGPORT, PGUSER, PGPASSWORD, PGSSLMODE… itself.
        return _postgres_options(
            {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": os.environ["PGDATABASE"],
                "CONN_MAX_AGE": envint("VEREINBAR_DB_CONN_MAX_AGE", 60),
                "CONN_HEALTH_CHECKS": True,
            }
        )
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "vereinbar.sqlite3"),
        # Keep connections: a new SQLite connection parses the whole schema on its first query
        # (several ms, more than the rest of a survey submission).
        "CONN_MAX_AGE": envint("VEREINBAR_DB_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                # Deleted rows are overwritten, not left in free pages (drafts and invitations
                # after a survey closes: docs/anonymity.md, "After closing").
                " PRAGMA secure_delete=ON;"
            ),
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
INVITATION_VALID_DAYS = envint("VEREINBAR_INVITATION_VALID_DAYS", 14)

# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_ENABLED = envbool("VEREINBAR_LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = envint("VEREINBAR_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("VEREINBAR_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Attempts in the database (every process and machine sees them); the client's real address
# behind VEREINBAR_TRUSTED_PROXIES (see vereinbar.core.ratelimit).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "vereinbar.core.ratelimit.client_address"
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
VEREINBAR_TRUSTED_PROXIES = [
    str(ipaddress.ip_network(proxy, strict=False)) for proxy in envlist("VEREINBAR_TRUSTED_PROXIES", [])
]

# Single sign-on and two-factor sign-in (django-allauth; docs/authentication.md). Identity
# providers are configured in the database (admin: "Social applications", provider OpenID
# Connect). Accounts are made by invitation or by a provider, never by self sign-up.
ACCOUNT_ADAPTER = "vereinbar.accounts.sso.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "vereinbar.accounts.sso.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
# A self-registered account confirms its address with allauth's link (EmailAddress, its mail
# and confirm page); it may sign in meanwhile, and its registration waits for it. Accounts made
# by invitation or by an identity provider count as confirmed (accounts.services).
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # the link opens a page with a button: mail scanners open links too
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 7
# A new login address (account page) replaces the old one only once its link is followed.
ACCOUNT_CHANGE_EMAIL = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # the provider vouches for its people's addresses
ACCOUNT_LOGOUT_ON_GET = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True  # a provider's *verified* e-mail finds the account
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        # allauth's provider plus a nonce in the request, checked in the ID token
        "provider_class": "vereinbar.accounts.sso.NonceCheckingProvider",
        "OAUTH_PKCE_ENABLED": True,
    }
}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "vereinbar"
# allauth refuses a second factor while any address of the account is unconfirmed, a pending change
# of address included; here only the account's own (login) address must be confirmed (the forms
# below check it), so a change of address never blocks setting up a factor.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_FORMS = {
    "activate_totp": "vereinbar.accounts.forms.ActivateTOTPForm",
    "add_webauthn": "vereinbar.accounts.forms.AddWebAuthnForm",
}
# A code of the step before or after the server's also counts: a phone's clock a few seconds off,
# or a code typed as its 30 seconds end, would otherwise be refused (RFC 6238 recommends one step).
# A code once used is refused for its period either way (allauth keeps it in the cache).
MFA_TOTP_TOLERANCE = 1
# Loopback origins over plain HTTP are allowed for WebAuthn only in development and tests.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG or envbool("VEREINBAR_WEBAUTHN_INSECURE_ORIGIN", False)
# Platform admins, operator admins, auditors and board members must set up a second factor
# before they can use the site (off by default so that development data and tests sign in as before).
VEREINBAR_REQUIRE_TWO_FACTOR = envbool("VEREINBAR_REQUIRE_TWO_FACTOR", False)

# --- Languages ------------------------------------------------------------------------

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# English with the day first and a 24-hour clock, as the platform's readers in Europe write it.
FORMAT_MODULE_PATH = ["vereinbar.formats"]
TIME_ZONE = envstr("VEREINBAR_TIME_ZONE", "Europe/Berlin")
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de", "en", "nl")
LANGUAGE_COOKIE_NAME = "vereinbar_language"
LANGUAGE_COOKIE_SECURE = envbool("VEREINBAR_SECURE_COOKIES", not DEBUG and envbool("VEREINBAR_HTTPS", False))

# --- Static and uploaded files ----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("VEREINBAR_STATIC_ROOT", str(DATA_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("VEREINBAR_MEDIA_ROOT", str(DATA_DIR / "media")))
# VEREINBAR_STORAGE=s3 keeps uploaded public files (logos) in an S3-compatible bucket
# through django-storages (pip install "django-storages[s3]"); "private" is the same bucket
# under the prefix private/ for evidence (see docs/deployment.md for what uses it).
STORAGE_KIND = envstr("VEREINBAR_STORAGE", "filesystem")
_default_storage: dict[str, object] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if STORAGE_KIND == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": envstr("VEREINBAR_S3_BUCKET"),
            "endpoint_url": envstr("VEREINBAR_S3_ENDPOINT_URL") or None,
            "region_name": envstr("VEREINBAR_S3_REGION") or None,
            "access_key": envstr("VEREINBAR_S3_ACCESS_KEY_ID") or None,
            "secret_key": envstr("VEREINBAR_S3_SECRET_ACCESS_KEY") or None,
            "location": envstr("VEREINBAR_S3_PREFIX"),
            "default_acl": "private",
            "querystring_auth": True,  # files are never public: short-lived signed links
            "querystring_expire": envint("VEREINBAR_S3_LINK_SECONDS", 300),
            "file_overwrite": False,
        },
    }
_private_storage: dict[str, object] = {
    "BACKEND": "vereinbar.core.storage.PrivateFileSystemStorage",
    "OPTIONS": {"location": envstr("VEREINBAR_PRIVATE_ROOT", str(MEDIA_ROOT.resolve().parent / "private"))},
}
if STORAGE_KIND == "s3":
    _s3_options = _default_storage["OPTIONS"]
    assert isinstance(_s3_options, dict)
    _options = dict(_s3_options)
    _options["location"] = "/".join(part for part in (envstr("VEREINBAR_S3_PREFIX").strip("/"), "private") if part)
    _private_storage = {"BACKEND": _default_storage["BACKEND"], "OPTIONS": _options}
STORAGES = {
    "default": _default_storage,
    "private": _private_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "vereinbar.core.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# --- Caches ---------------------------------------------------------------------------
# "directory": what the public directory keeps of a query (its facets, its rendered part), under
# the read model's version (vereinbar.directory.selectors), so nothing kept outlives a change.
# Per process (default), or a redis:// URL in VEREINBAR_DIRECTORY_CACHE shared by all;
# VEREINBAR_DIRECTORY_KEEP_SECONDS=0 keeps nothing (every query answered from the database).
_directory_cache = envstr("VEREINBAR_DIRECTORY_CACHE", "memory")
_directory_cache_backend: dict[str, Any] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _directory_cache}
    if _directory_cache.startswith(("redis://", "rediss://"))
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "directory",
        "OPTIONS": {"MAX_ENTRIES": 5000, "CULL_FREQUENCY": 4},
    }
)
VEREINBAR_DIRECTORY_KEEP_SECONDS = envint("VEREINBAR_DIRECTORY_KEEP_SECONDS", 600)
# Limits on guessing and on reset mail (vereinbar.core.ratelimit) count in the database, which
# every process and machine sees (atomic updates of core.LimitCount), or in Redis when
# VEREINBAR_RATELIMIT_CACHE is a redis:// URL (its INCR is atomic too).
_ratelimit_cache = envstr("VEREINBAR_RATELIMIT_CACHE", "database")
# The default cache holds what must be the same for every process: allauth's used one-time codes
# (a code used in one process must be refused by the others within its 90 s), and briefly the
# survey reports, wave counts and signed status lists. A table in the database (Django's
# DatabaseCache; `migrate` creates it), shared by every process and machine; Redis when
# VEREINBAR_CACHE is a redis:// URL.
_default_cache = envstr("VEREINBAR_CACHE", "database")
_default_backend: dict[str, Any]
if _default_cache.startswith(("redis://", "rediss://")):
    _default_backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _default_cache}
else:
    _default_backend = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "vereinbar_cache",
        "OPTIONS": {"MAX_ENTRIES": 5000, "CULL_FREQUENCY": 4},
    }
CACHES = {
    "default": {**_default_backend, "KEY_PREFIX": "vereinbar"},
    "directory": {**_directory_cache_backend, "KEY_PREFIX": "vereinbar-directory"},
}
if _ratelimit_cache.startswith(("redis://", "rediss://")):
    CACHES["ratelimit"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _ratelimit_cache,
        "KEY_PREFIX": "vereinbar-ratelimit",
    }

# --- Mail -----------------------------------------------------------------------------
# VEREINBAR_EMAIL_BACKEND: console (default), file (into DATA_DIR/mail), smtp.

_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_email_backend = envstr("VEREINBAR_EMAIL_BACKEND", "console")
_mail_options: dict[str, object] = {}
if _email_backend == "file":
    _mail_options = {"file_path": envstr("VEREINBAR_EMAIL_FILE_PATH", str(DATA_DIR / "mail"))}
elif _email_backend == "smtp":
    _mail_options = {
        "host": envstr("VEREINBAR_EMAIL_HOST", "localhost"),
        "port": envint("VEREINBAR_EMAIL_PORT", 587),
        "username": envstr("VEREINBAR_EMAIL_HOST_USER"),
        "password": envstr("VEREINBAR_EMAIL_HOST_PASSWORD"),
        "use_tls": envbool("VEREINBAR_EMAIL_USE_TLS", True),
        "use_ssl": envbool("VEREINBAR_EMAIL_USE_SSL", False),
        "timeout": envint("VEREINBAR_EMAIL_TIMEOUT", 30),
    }
MAILERS = {
    "default": {"BACKEND": _EMAIL_BACKENDS.get(_email_backend, _email_backend), "OPTIONS": _mail_options},
}
DEFAULT_FROM_EMAIL = envstr("VEREINBAR_DEFAULT_FROM_EMAIL", "vereinbar <noreply@localhost>")
SERVER_EMAIL = envstr("VEREINBAR_SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Background tasks -----------------------------------------------------------------

TASKS = {
    "default": {
        "BACKEND": envstr("VEREINBAR_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Webhooks go to public https addresses only (docs/webhooks.md). True also allows plain http,
# loopback and private networks: for the tests and a receiver on a closed internal network.
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = envbool("VEREINBAR_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)

# --- Security -------------------------------------------------------------------------
# VEREINBAR_HTTPS=true (production behind TLS) switches on secure cookies, HSTS and the
# redirect to https. check --deploy is clean with the variables in docs/deployment.md.

HTTPS = envbool("VEREINBAR_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "vereinbar.core.views.csrf_failure"
SECURE_SSL_REDIRECT = HTTPS and envbool("VEREINBAR_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = envint("VEREINBAR_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and envbool("VEREINBAR_HSTS_PRELOAD", True)
if envbool("VEREINBAR_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Logging --------------------------------------------------------------------------

# Every handler carries the anonymity filter: no survey path, token, or time and address of a
# survey request reaches a log or an admin mail (vereinbar.core.logging, docs/anonymity.md).
# "django" and "django.server" are configured here so that Django's own default handlers
# (which lack the filter) are replaced; their records reach the console through the root.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "anonymity": {"()": "vereinbar.core.logging.AnonymityFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "vereinbar.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": envstr("VEREINBAR_LOG_FORMAT", "plain"),
            "filters": ["anonymity"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["anonymity", "require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": envstr("VEREINBAR_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # PDF engine chatter ("Step 2 - Fetching and parsing CSS", "Processing <BytesIO …>")
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Project --------------------------------------------------------------------------

VEREINBAR_API_TOKEN_PREFIX = "vb_"  # noqa: S105 - a public prefix, not a secret
# The shipped library of programmes, survey instruments and demo data.
VEREINBAR_LIBRARY_DIR = Path(envstr("VEREINBAR_LIBRARY_DIR", str(PROJECT_DIR / "library")))

# Survey raw data (the individual responses and comments) is deleted this many days after a
# survey closed; its report stays from stored aggregates. 0 keeps raw data (docs/privacy.md).
VEREINBAR_SURVEY_RAW_RETENTION_DAYS = envint("VEREINBAR_SURVEY_RAW_RETENTION_DAYS", 0)
