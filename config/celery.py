"""The Celery application, configured from Django settings (``CELERY_*``).

Tasks live in the apps (``bookstore/<app>/tasks.py``, declared with ``shared_task``) and are discovered here.
Without a broker (``CELERY_BROKER_URL`` unset) tasks run in-process; see ``config/settings/base.py``.
"""

from celery import Celery

# DJANGO_SETTINGS_MODULE comes from the environment (the Makefile, the image, the systemd unit). Setting a
# default here would leak into every process that imports ``config``, including the test runner.

app = Celery("bookstore")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
