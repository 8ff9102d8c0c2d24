"""Django settings for the plugin's tests: a minimal Wagtail site.

``KULTURSAMVERKAN_TEST_DB=postgres`` runs on PostgreSQL (127.0.0.1:5432, user
postgres, database ``test``; override with ``KULTURSAMVERKAN_PG_*``); SQLite otherwise.
"""

from __future__ import annotations

import importlib.util
import os

from django.utils.translation import gettext_lazy as _

_PACKAGE = __name__.rpartition(".")[0]
DATABASE_ENGINE = os.environ.get("KULTURSAMVERKAN_TEST_DB", "sqlite")

SECRET_KEY = "tests-only"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = f"{_PACKAGE}.urls"
USE_TZ = True
TIME_ZONE = "Europe/Stockholm"

INSTALLED_APPS = [
    "wagtail_kultursamverkan",
    "tests.wagtail_plugin.hostapp",  # a host site's page with the plugin's blocks
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",  # a structure page's exports are routes of the page
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

# wagtail-localize when installed (one tox env has it): its translation of pages and snippets is tested then.
WITH_LOCALIZE = importlib.util.find_spec("wagtail_localize") is not None
if WITH_LOCALIZE:
    INSTALLED_APPS[INSTALLED_APPS.index("wagtail.locales")] = "wagtail_localize.locales"
    INSTALLED_APPS.insert(0, "wagtail_localize")

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Pages showing a structure kept by browsers and a CDN no longer than what they say holds.
    "wagtail_kultursamverkan.middleware.KeepNoLaterThan",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

if DATABASE_ENGINE == "postgres":
    # Wagtail's search index on PostgreSQL uses its full-text fields (Django checks for the app).
    INSTALLED_APPS.append("django.contrib.postgres")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": os.environ.get("KULTURSAMVERKAN_PG_HOST", "127.0.0.1"),
            "PORT": os.environ.get("KULTURSAMVERKAN_PG_PORT", "5432"),
            "USER": os.environ.get("KULTURSAMVERKAN_PG_USER", "postgres"),
            "NAME": os.environ.get("KULTURSAMVERKAN_PG_NAME", "test"),
            # Django creates and drops "test_<NAME>" for the run.
            "TEST": {"NAME": os.environ.get("KULTURSAMVERKAN_PG_TEST_NAME", "test_kultursamverkan")},
        }
    }
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
USE_I18N = True

STATIC_URL = "/static/"
MEDIA_URL = "/media/"
WAGTAIL_SITE_NAME = "kultursamverkan tests"
WAGTAILADMIN_BASE_URL = "http://testserver"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# One process (the test client): Django's per-process cache is enough here. The deployment test runs
# several processes with Redis (deploy_settings.py).
SILENCED_SYSTEM_CHECKS = ["wagtail_kultursamverkan.W001"]
