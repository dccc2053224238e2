"""The embedded default: SQLite in var/, jobs run in-process, no Redis needed."""

from .base import *  # noqa: F401,F403
from .base import env_bool

# Served the way production serves it: no debug pages (the branded 404 and 500 pages instead). `make dev`
# (or DEBUG=true) turns Django's debug pages on for developers.
DEBUG = env_bool("DEBUG", False)
# Without DEBUG runserver serves no static files: WhiteNoise serves them straight from the apps' and
# static/ directories (no collectstatic needed), re-reading them when they change.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CELERY_TASK_ALWAYS_EAGER = True
EMBEDDED_SCHEDULER = env_bool("EMBEDDED_SCHEDULER", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
