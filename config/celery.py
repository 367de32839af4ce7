"""The Celery application. Tasks live in each app's ``tasks.py`` and are discovered automatically.

Production uses Redis or RabbitMQ (``CELERY_BROKER_URL``); ``make run`` uses a file-system transport under
``var/`` and runs the worker with an embedded beat, so periodic jobs really run there too (issue 2 §10).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("thb")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
