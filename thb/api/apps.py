from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "thb.api"
    label = "api"
