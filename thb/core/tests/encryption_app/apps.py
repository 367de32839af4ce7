from django.apps import AppConfig


class EncryptionAppConfig(AppConfig):
    name = "thb.core.tests.encryption_app"
    label = "encryption_app"
