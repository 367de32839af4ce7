"""Settings of the THB Platform: one module, configured only by environment variables.

`THB_ENV` chooses the profile:

* ``production`` (the default when unset, so that a forgotten variable fails closed): refuses to start
  without a real ``SECRET_KEY``, real field-encryption keys (``THB_FIELD_KEYS``) and ``ALLOWED_HOSTS``;
  refuses ``DEBUG``, the relaxed second factor and demo accounts (DESIGN.md §4, issue 2 §1 and §4).
* ``development``: what ``make run`` uses. SQLite under ``var/``, secrets generated once into
  ``var/dev-secrets.json`` so that encrypted demo data survives restarts.
* ``test``: what ``make test`` uses. PostgreSQL when ``DATABASE_URL`` says so, else SQLite.

Every variable is listed in the README ("Configuration").
"""

from __future__ import annotations

import base64
import json
import secrets
from pathlib import Path

import environ
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("THB_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

THB_ENV = env.str("THB_ENV", default="production")
if THB_ENV not in {"production", "development", "test"}:
    raise ImproperlyConfigured(f"THB_ENV must be production, development or test, not {THB_ENV!r}")
IS_PRODUCTION = THB_ENV == "production"

INSECURE_KEY_PREFIXES = ("django-insecure", "change-me", "changeme", "dev-", "test-")


def _ed25519_key() -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    raw = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.b64encode(raw).decode()


def _development_secrets() -> dict[str, str]:
    """Secrets for development and test, generated once and kept under ``var/`` (never in git); a secret
    added by a later version of the platform is generated into the existing file."""
    path = VAR_DIR / "dev-secrets.json"
    stored = dict(json.loads(path.read_text())) if path.exists() else {}
    makers = {
        "SECRET_KEY": lambda: "dev-" + secrets.token_urlsafe(50),
        "THB_FIELD_KEYS": lambda: Fernet.generate_key().decode(),
        "THB_BLOCKING_SIGNING_KEY": _ed25519_key,
    }
    missing = {name: make() for name, make in makers.items() if name not in stored}
    if missing:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        stored.update(missing)
        path.write_text(json.dumps(stored, indent=2))
        path.chmod(0o600)
    return stored


_dev = {} if IS_PRODUCTION else _development_secrets()

SECRET_KEY = env.str("SECRET_KEY", default=_dev.get("SECRET_KEY", ""))
DEBUG = env.bool("DEBUG", default=THB_ENV == "development")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if IS_PRODUCTION else ["127.0.0.1", "localhost", "testserver", "[::1]"]
)

# Field encryption (DESIGN.md §4): comma-separated Fernet keys, newest first. The first key encrypts;
# every key decrypts, so a key can be added in front and `thb rotate-keys` re-encrypts the rows.
THB_FIELD_KEYS = [
    k.strip()
    for k in env.str("THB_FIELD_KEYS", default=_dev.get("THB_FIELD_KEYS", "")).split(",")
    if k.strip()
]

# The second factor is enforced for roles that see victim data; the demo may relax it (never production).
THB_OTP_RELAXED = env.bool("THB_OTP_RELAXED", default=False)
# Demo accounts (`thb load-demo`) are refused in production.
THB_DEMO_PASSWORD = env.str("THB_DEMO_PASSWORD", default="" if IS_PRODUCTION else "thb-demo-2026")


def _refuse_insecure_production() -> None:
    """Production fails closed: every missing or demo-grade secret stops the start (issue 2 §1)."""
    problems: list[str] = []
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(INSECURE_KEY_PREFIXES) or len(set(SECRET_KEY)) < 5:
        problems.append("SECRET_KEY must be set to a random value of at least 50 characters")
    if not THB_FIELD_KEYS:
        problems.append("THB_FIELD_KEYS must hold at least one Fernet key (see README)")
    for key in THB_FIELD_KEYS:
        try:
            Fernet(key.encode())
        except ValueError:
            problems.append("THB_FIELD_KEYS holds a value that is not a Fernet key")
            break
    if not ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS must name the public host names")
    if DEBUG:
        problems.append("DEBUG must be off in production")
    if THB_OTP_RELAXED:
        problems.append("THB_OTP_RELAXED is a demo setting and is refused in production")
    if THB_DEMO_PASSWORD:
        problems.append("THB_DEMO_PASSWORD is a demo setting and is refused in production")
    # Read here too (it is set further down) so that one failed start names every missing variable.
    if not env.str("CELERY_BROKER_URL", default=""):
        problems.append("CELERY_BROKER_URL must name the Redis or RabbitMQ broker")
    if problems:
        raise ImproperlyConfigured("Refusing to start in production: " + "; ".join(problems))


if IS_PRODUCTION:
    _refuse_insecure_production()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "ninja",
    "thb.core",
    "thb.hotline",
    "thb.dispatch",
    "thb.blocking",
    "thb.victims",
    "thb.casefiles",
    "thb.residence",
    "thb.investigations",
    "thb.actionplan",
    "thb.campaigns",
    "thb.childprotection",
    "thb.statistics",
    "thb.expertise",
    "thb.api",
]
if THB_ENV == "test":
    # A model with encrypted fields used only by the encryption tests.
    INSTALLED_APPS.append("thb.core.tests.encryption_app")

MIDDLEWARE = [
    "thb.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "thb.api.guards.RejectNulCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "thb.core.middleware.StaffLanguageMiddleware",
    "thb.core.middleware.SessionIdleTimeoutMiddleware",
    "thb.core.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "thb.core.middleware.RequestLogMiddleware",
    "thb.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "thb" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "thb.core.context_processors.platform",
            ],
        },
    },
]

# Database: SQLite under var/ by default (make run); PostgreSQL when DATABASE_URL says so (CI, production).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'thb.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets the web process read while the worker writes; IMMEDIATE avoids upgrade deadlocks.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    # A file, not memory, so that a worker process started by a test sees the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-thb.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if THB_ENV == "test":
    # Fast hashing for the thousands of users the factories create; Argon2 is tested explicitly.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:staff-home"
LOGOUT_REDIRECT_URL = "core:login"

# Lockout (django-axes) by user name, not by IP address: staff behind one proxy must not lock each other out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Failed attempts are kept (they drive the lockout); successful sign-ins are in the audit trail already, so
# axes does not need its own log of them with addresses and user agents.
AXES_DISABLE_ACCESS_LOG = True

# Sessions: absolute lifetime and idle timeout (issue 2 §4).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
THB_SESSION_IDLE_SECONDS = env.int("THB_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

OTP_TOTP_ISSUER = "THB Platform"
THB_API_TOKEN_DAYS = env.int("THB_API_TOKEN_DAYS", default=90)

# Languages (DESIGN.md §5): the staff interface is complete in the three official languages + English.
# English is the source language of every string, so it is also the fallback when a catalogue lacks one
# (Django falls back to LANGUAGE_CODE's catalogue): a Romanian page never shows a stray French sentence.
LANGUAGE_CODE = "en"
STAFF_LANGUAGES = [("fr", "Français"), ("nl", "Nederlands"), ("de", "Deutsch"), ("en", "English")]
# Public pages (hotline, reporting form, stop page, brochure): the staff languages plus the languages of the
# largest victim groups — 16 in all (DESIGN.md §5). Names are written in their own language.
PUBLIC_LANGUAGES = [
    *STAFF_LANGUAGES,
    ("ar", "العربية"),
    ("ro", "Română"),
    ("bg", "Български"),
    ("sq", "Shqip"),
    ("zh-hans", "简体中文"),
    ("vi", "Tiếng Việt"),
    ("pt", "Português"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("es", "Español"),
    ("pl", "Polski"),
    ("tl", "Tagalog"),
]
LANGUAGES = list(PUBLIC_LANGUAGES)
LANGUAGES_BIDI = ["ar", "fa", "he", "ur"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "thb" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if not IS_PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

# E-mail: EMAIL_URL (smtp://user:password@host:587 or consolemail://). Development prints mails.
_email = env.email_url("EMAIL_URL", default="consolemail://" if not IS_PRODUCTION else "smtp://localhost:25")
globals().update(_email)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="THB Platform <no-reply@thb.invalid>")

# Security headers. Production is served over HTTPS behind a reverse proxy (README "Production").
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if IS_PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env.bool("USE_X_FORWARDED_PROTO", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Background work (Celery). Production: Redis or RabbitMQ. Development: a file-system transport under var/,
# so that `make run` needs no service and its worker + beat really run the periodic jobs.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="" if IS_PRODUCTION else "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery" / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A web request that wakes the worker after its commit must not hang on a frozen broker: the work is
    # already safe in the database (outbox), and the periodic job delivers it anyway.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_timeout": env.float("THB_BROKER_SOCKET_TIMEOUT", default=3.0),
        "socket_connect_timeout": env.float("THB_BROKER_SOCKET_TIMEOUT", default=3.0),
    }
# Celery would otherwise swap stderr for a logging proxy before Django configures LOGGING, and the
# worker's own lines ("ready", broker errors, task tracebacks) would be lost.
CELERY_WORKER_REDIRECT_STDOUTS = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a task is removed from the queue only once it ran: accepted work is not lost
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=THB_ENV == "test")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "core-worker-heartbeat": {
        "task": "thb.core.tasks.record_worker_heartbeat",
        "schedule": env.float("THB_HEARTBEAT_SECONDS", default=60.0),
    },
    "core-purge-expired-sessions": {"task": "thb.core.tasks.purge_expired_sessions", "schedule": 3600.0},
    "hotline-purge-expired-contacts": {
        "task": "thb.hotline.tasks.purge_expired_contacts",
        "schedule": 3600.0,
    },
    "dispatch-deliver-outbox": {
        "task": "thb.dispatch.tasks.deliver_outbox",
        "schedule": env.float("THB_OUTBOX_SECONDS", default=30.0),
    },
    "dispatch-escalate-overdue": {"task": "thb.dispatch.tasks.escalate_overdue", "schedule": 60.0},
    "blocking-mark-review-due": {"task": "thb.blocking.tasks.mark_review_due", "schedule": 3600.0},
    "residence-remind-and-escalate": {"task": "thb.residence.tasks.remind_and_escalate", "schedule": 3600.0},
    "investigations-match": {"task": "thb.investigations.tasks.match_run", "schedule": 6 * 3600.0},
    "expertise-remind-overdue-districts": {
        "task": "thb.expertise.tasks.remind_overdue_districts",
        "schedule": 24 * 3600.0,
    },
    "investigations-purge-import-drafts": {
        "task": "thb.investigations.tasks.purge_import_drafts",
        "schedule": 3600.0,
    },
}

# Logging without personal data (DESIGN.md §4): every handler passes the PersonalDataFilter, which drops the
# request object and scrubs IP addresses and user agents; Django's e-mail-to-admins handler is not used.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "thb.core.logging.PersonalDataFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
            "defaults": {"request_id": "-"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["no_personal_data"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "celery": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "thb": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

THB_PLATFORM_NAME = _("THB Platform")

# Auditors of these organisation kinds see the whole audit trail; others see their own organisation's rows.
THB_PLATFORM_AUDITOR_KINDS = env.list("THB_PLATFORM_AUDITOR_KINDS", default=["coordination_cell"])

# Lockout is by user name on purpose (see AXES_LOCKOUT_PARAMETERS): staff share proxies' addresses, and
# rotating user agents does not help against a per-account limit.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Receipts of anonymous reports: scrypt cost (a power of two) and an optional pepper kept outside the
# database (else derived from SECRET_KEY). Changing either makes existing receipts unusable. 2**11 (2 MiB,
# ~8 ms here) gives ~90 reports/s on two cores (docs/performance.md); with 10**16 possible receipts and the
# pepper outside the database, guessing stays out of reach. Tests use a low cost.
THB_RECEIPT_SCRYPT_N = env.int("THB_RECEIPT_SCRYPT_N", default=2**11 if THB_ENV != "test" else 2**8)
THB_RECEIPT_PEPPER = env.str("THB_RECEIPT_PEPPER", default="")
# The hotline organisation that receives public reports (slug); default: the only active hotline.
THB_HOTLINE_ORGANISATION = env.str("THB_HOTLINE_ORGANISATION", default="")
# Retry window of the Idempotency-Key header of public submissions.
THB_IDEMPOTENCY_HOURS = env.int("THB_IDEMPOTENCY_HOURS", default=24)
# Contacts that never became a case are purged after this many days (DESIGN.md §4 retention).
THB_CONTACT_RETENTION_DAYS = env.int("THB_CONTACT_RETENTION_DAYS", default=365)
# In-memory flood protection of the public endpoints, per web process (no IP addresses are kept).
THB_PUBLIC_RATE_PER_MINUTE = env.int("THB_PUBLIC_RATE_PER_MINUTE", default=6000)
# Key of the blind search index of encrypted contact fields (names, phone numbers); else derived from
# SECRET_KEY. Changing it requires `thb hotline-reindex`.
THB_SEARCH_KEY = env.str("THB_SEARCH_KEY", default="")
# Region used to read phone numbers written without an international prefix.
THB_PHONE_REGION = env.str("THB_PHONE_REGION", default="BE")

# Blocking (issue 5). The Ed25519 key that signs releases (base64 of the 32-byte private key; `thb blocking
# generate-signing-key` prints one); ISPs verify with the public key. Without it, no release is published.
THB_BLOCKING_SIGNING_KEY = env.str(
    "THB_BLOCKING_SIGNING_KEY", default=_dev.get("THB_BLOCKING_SIGNING_KEY", "")
)
# The RPZ zone's name, and the stop page's addresses its records point to (A and AAAA local data).
THB_RPZ_ZONE = env.str("THB_RPZ_ZONE", default="rpz.thb.example")
THB_STOP_PAGE_IPV4 = env.str("THB_STOP_PAGE_IPV4", default="192.0.2.80")
THB_STOP_PAGE_IPV6 = env.str("THB_STOP_PAGE_IPV6", default="2001:db8::80")
# A release adding or removing more entries than this needs a second approval (the Danish failure, 2012).
THB_BLOCKING_MASS_CHANGE_LIMIT = env.int("THB_BLOCKING_MASS_CHANGE_LIMIT", default=50)
# Entries are re-verified at most this many days after their last verification (Interpol: 3 months).
THB_BLOCKING_REVIEW_DAYS = env.int("THB_BLOCKING_REVIEW_DAYS", default=90)
# The help referral on the stop page for people worried about their own sexual thoughts about children
# (name, web address, phone); set them to the service the coordination cell chose.
THB_STOP_HELP_NAME = env.str("THB_STOP_HELP_NAME", default="Stop it Now!")
THB_STOP_HELP_URL = env.str("THB_STOP_HELP_URL", default="")
THB_STOP_HELP_PHONE = env.str("THB_STOP_HELP_PHONE", default="")
# ISPs deploy a release within this many hours (Italy: 6).
THB_ISP_DEPLOY_HOURS = env.int("THB_ISP_DEPLOY_HOURS", default=6)

# Record matching (issue 8): DuckDB's memory cap for `thb match dedupe` (e.g. "16GB"; empty: 80 % of RAM).
THB_MATCH_MEMORY_LIMIT = env.str("THB_MATCH_MEMORY_LIMIT", default="")
# `duckdb` (embedded) or `spark` for national scale (pyspark: pip install -e ".[spark]"), on THB_SPARK_MASTER.
THB_MATCH_BACKEND = env.str("THB_MATCH_BACKEND", default="duckdb")
THB_SPARK_MASTER = env.str("THB_SPARK_MASTER", default="local[*]")
# Money flows (issue 8 §4): transfers just under the EUR 1,000 above which a money remitter identifies an
# occasional customer (AML law of 18.9.2017 art. 21; Regulation (EU) 2015/847), repeated to one
# beneficiary abroad, raise a structuring alert (thb/investigations/money.py).
THB_STRUCTURING_THRESHOLD_EUR = env.float("THB_STRUCTURING_THRESHOLD_EUR", default=1000.0)
THB_STRUCTURING_MARGIN = env.float("THB_STRUCTURING_MARGIN", default=0.15)
THB_STRUCTURING_MIN_COUNT = env.int("THB_STRUCTURING_MIN_COUNT", default=3)
THB_STRUCTURING_WINDOW_DAYS = env.int("THB_STRUCTURING_WINDOW_DAYS", default=30)

# Residence procedure (issue 7): owners are reminded this many days before an action is due.
THB_RESIDENCE_REMINDER_DAYS = env.int("THB_RESIDENCE_REMINDER_DAYS", default=7)

# Statistics and campaigns (issue 9 §2, §4): counts below this are suppressed in every figure that leaves the
# platform (DESIGN.md §4: "small cells (< 5 by default) suppressed"); the size limit of campaign materials.
THB_SMALL_CELL_THRESHOLD = env.int("THB_SMALL_CELL_THRESHOLD", default=5)
THB_CAMPAIGN_MATERIAL_MAX_MB = env.int("THB_CAMPAIGN_MATERIAL_MAX_MB", default=25)
# Children's travel documents (issue 9 §3): the key of the pseudonyms of children, adults and addresses;
# empty: derived from SECRET_KEY (thb/core/keys.py). Changing it separates new events from earlier ones.
THB_PSEUDONYM_KEY = env.str("THB_PSEUDONYM_KEY", default="")
# The expertise network's library (issue 10): size limit of an attachment.
THB_LIBRARY_ATTACHMENT_MAX_MB = env.int("THB_LIBRARY_ATTACHMENT_MAX_MB", default=25)

# Dispatch (issue 4). The platform's public address, for links in notifications (e-mails carry a link,
# never personal data).
THB_BASE_URL = env.str("THB_BASE_URL", default="" if IS_PRODUCTION else "http://127.0.0.1:8000")
# Outbox delivery: attempts before a notification is marked failed (back-off 30 s doubling, max 1 h),
# webhook timeout, and how often the periodic job picks up what is due.
THB_OUTBOX_MAX_ATTEMPTS = env.int("THB_OUTBOX_MAX_ATTEMPTS", default=12)
THB_WEBHOOK_TIMEOUT = env.float("THB_WEBHOOK_TIMEOUT", default=10.0)
THB_OUTBOX_SECONDS = env.float("THB_OUTBOX_SECONDS", default=30.0)
# A referral not acknowledged by its deadline escalates to the partner's and the hotline's supervisors
# (level 1), then, this many hours after the deadline, to the coordination cell (level 2).
THB_ESCALATION_SECOND_LEVEL_HOURS = env.int("THB_ESCALATION_SECOND_LEVEL_HOURS", default=24)
