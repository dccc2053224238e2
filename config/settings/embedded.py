"""The embedded default: SQLite in var/, jobs run in-process, no Redis needed."""

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
CELERY_TASK_ALWAYS_EAGER = True
EMBEDDED_SCHEDULER = env_bool("EMBEDDED_SCHEDULER", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
