from django.apps import AppConfig


class HostAppConfig(AppConfig):
    name = "tests.wagtail_plugin.hostapp"
    label = "ks_test_host"
    default_auto_field = "django.db.models.AutoField"
