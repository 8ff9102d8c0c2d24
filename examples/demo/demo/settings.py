"""Settings for the demo site: SQLite next to this project, or ``DATABASE_URL`` (postgres://…).

For a local demo only: the secret key is public and DEBUG is on. Swedish is the
default language; every page also exists in English (Wagtail i18n).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def database(url: str | None) -> dict[str, object]:
    """``DATABASE_URL`` as Django's setting: ``sqlite:///path`` or ``postgres://user:password@host:port/name``."""
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parts.path[1:]) or ":memory:"}
    if parts.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
        }
    raise ValueError(f"DATABASE_URL: use sqlite:///path or postgres://user:password@host:port/name, not {parts.scheme}")


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "demo-only-not-secret")  # a local demo: not a secret
DEBUG = os.environ.get("DEMO_DEBUG", "1") == "1"
# The demo runs as one process (runserver): Django's per-process cache is enough. With several processes,
# use a shared cache (README, "In production") and drop this.
SILENCED_SYSTEM_CHECKS = ["wagtail_kultursamverkan.W001"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    "demo",
    "wagtail_kultursamverkan",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",  # a structure page's exports are routes of the page
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    # The page menu's Translate action: an editor copies a page into English and edits its English text.
    "wagtail.contrib.simple_translation",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

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

ROOT_URLCONF = "demo.urls"
WSGI_APPLICATION = "demo.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "demo" / "templates"],  # before the apps': overrides the plugin's base.html
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

DATABASES = {"default": database(os.environ.get("DATABASE_URL"))}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index on PostgreSQL uses its full-text fields (Django checks for the app).
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Stockholm"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

WAGTAIL_SITE_NAME = "kultursamverkan demo"
WAGTAILADMIN_BASE_URL = f"http://127.0.0.1:{os.environ.get('KULTURSAMVERKAN_DEMO_PORT', '8000')}"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
