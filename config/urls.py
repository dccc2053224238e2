"""The URL tree: the frame's own pages, then every app's pages and the API as the apps registered them
(``core.registry.mount_urls`` / ``mount_api``; a probation function through ``cases.functions``)."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from accounts import views as account_views
from config.api import api
from core import registry
from core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health", core_views.health, name="health"),
    path("ready", core_views.ready, name="ready"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", account_views.LogoutView.as_view(), name="logout"),
    path("audit/", core_views.audit_log, name="audit_log"),
    *[path(mount.prefix, include(mount.module)) for mount in registry.url_mounts()],
    path("api/", api.urls),
    path("django-admin/", admin.site.urls),
]
# Stored files are never served directly: documents are downloaded through access-checked views.

handler404 = "config.errors.not_found"
