"""The Celery application. Tasks live in each app's ``tasks.py`` and are discovered automatically.

Production uses Redis or RabbitMQ (``CELERY_BROKER_URL``); ``make run`` uses a file-system transport under
``var/`` and runs the worker with an embedded beat, so periodic jobs really run there too (issue 2 §10).
"""

import os

from celery import Celery
from celery.signals import setup_logging

from thb.core.filesystem_transport import install as install_filesystem_transport

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
install_filesystem_transport()  # messages appear whole in make run's queue folder

app = Celery("thb")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _django_logging(**kwargs: object) -> None:
    """The worker logs through Django's LOGGING — the same format and the same PersonalDataFilter as the
    web processes — instead of Celery's own set-up, which replaced it and lost the worker's INFO lines."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
