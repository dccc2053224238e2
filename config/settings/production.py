"""Production: PostgreSQL, Redis broker, Celery workers and beat, served by gunicorn.

Required environment: SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS. See docs/deployment.md.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env_bool, env_list

DEBUG = False
for _name in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"):
    if not os.environ.get(_name):
        raise ImproperlyConfigured(f"{_name} must be set in production")

# A shared cache, so that an administrator's policy override reaches every web node at once.
if os.environ.get("REDIS_URL"):
    # Short socket timeouts: with Redis down, a page reads policy values from the database at once
    # (core/policies.py) instead of waiting for the cache.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ.get("CACHE_URL", os.environ["REDIS_URL"]),
                          "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}

# nginx on the same machine (deploy/nginx/probacija.conf); list the load balancers too when they add hops.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
