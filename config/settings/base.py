"""Settings shared by every mode. Everything deployment-specific comes from environment variables.

Modes: ``embedded`` (default: SQLite, eager jobs, in-process scheduler), ``production``
(PostgreSQL, Redis, Celery workers) and ``test``. See docs/deployment.md.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (os.environ.get(name) or default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "embedded-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.admin",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "ninja",  # serves Swagger UI from its own static files: /api/docs works offline
    "core",
    "accounts",
    "people",
    "cases",
    "tasks",
    "documents",
    "outbox",
    "partners",
    # Probation functions: each registers itself with the function seam (cases.functions).
    "evaluation",
    "supervision",
    "community",
    "mediation",
    "programmes",
    "monitoring",
    "risk",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.middleware.MissingFileMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "core.context_processors.navigation",
            ],
        },
    }
]

(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'probacija.sqlite3'}") or "",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60") or 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# An optional read replica for reports (core/db.py; docs/deployment.md "PostgreSQL").
if env("REPORTS_DATABASE_URL"):
    DATABASES["reports"] = dj_database_url.parse(
        env("REPORTS_DATABASE_URL") or "", conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60") or 60))
    DATABASES["reports"]["TEST"] = {"MIRROR": "default"}
    if DATABASES["reports"]["ENGINE"].endswith("postgresql"):
        # A replica that does not answer is given up on quickly: reports then read the primary (core/db.py).
        DATABASES["reports"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
# Reports read the primary instead while the replica lags more than this (seconds).
REPORTS_MAX_LAG_SECONDS = int(env("REPORTS_MAX_LAG_SECONDS", "300") or 300)
DATABASE_ROUTERS = ["core.db.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # core.views.home sends each role to its first page
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5") or 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"  # a page in the reader's language that says for how long
# Wrong two-step codes allowed before django-otp's growing delay starts: one typo never locks anyone out.
OTP_FREE_ATTEMPTS = int(env("OTP_FREE_ATTEMPTS", "3") or 3)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind a reverse proxy the client's address is read from X-Forwarded-For, trusting only these
# proxies (addresses or networks, comma-separated): core/net.py. Empty: REMOTE_ADDR, the header ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"

# The name an authenticator app shows beside the code (two-step sign-in, django-otp TOTP).
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Probācija")

SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

LANGUAGE_CODE = "lv"
LANGUAGES = [("lv", _("Latvian")), ("en", _("English")), ("ru", _("Russian"))]
# Staff pages switch between Latvian and English; client-facing pages also offer Russian.
STAFF_LANGUAGES = ["lv", "en"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Riga"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")) or "")
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

# Celery: Redis in production; eager (in-process) in the embedded default.
CELERY_BROKER_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# A job is acknowledged when it has finished, not when a worker takes it; a pool process killed
# mid-job (SIGKILL, out of memory) gives the message back at once; a whole worker that dies without
# giving it back leaves it unacknowledged in Redis, which delivers it again after the visibility
# timeout. Jobs are idempotent, and a redelivered job's interrupted JobRun is marked lost (core/jobs.py).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Longer than the longest job runs (else a still-running job is delivered to a second worker).
JOB_VISIBILITY_TIMEOUT = int(env("CELERY_VISIBILITY_TIMEOUT", "1800") or 1800)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": JOB_VISIBILITY_TIMEOUT}
# Sending a job while Redis is down fails within about a second instead of hanging the request.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# A JobRun still "running" after this long is marked lost (core.mark_lost_jobs, every 5 minutes).
JOB_LOST_AFTER_SECONDS = int(env("JOB_LOST_AFTER_SECONDS", str(JOB_VISIBILITY_TIMEOUT * 2)) or 3600)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The periodic schedule (Celery beat) is built from the jobs apps register (core.registry.periodic):
# config/celery.py sets it once the apps are loaded.
# Run the beat schedule in a thread of the web process (embedded mode only).
EMBEDDED_SCHEDULER = env_bool("EMBEDDED_SCHEDULER", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools log every font subset at INFO (hundreds of lines per letter).
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"},
                "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# Uploaded files: types and the size limit are in core/files.py (the size is a policy).

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (core.middleware.SecurityHeadersMiddleware): scripts and styles only from this
# site's own static files, no inline script or style attribute, no frames, no third-party server.
# CSP_IMG_SRC adds image origins (e.g. a map tile server, https://tiles.example.lv).
CONTENT_SECURITY_POLICY = env("CONTENT_SECURITY_POLICY", "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'",
    " ".join(["img-src 'self' data:", *env_list("CSP_IMG_SRC", "")]),
    "font-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
    "frame-ancestors 'none'",
]))
PERMISSIONS_POLICY = ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
                      "magnetometer=(), gyroscope=(), accelerometer=(), interest-cohort=()")
