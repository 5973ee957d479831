import datetime as dt

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import TestCase
from django.utils import timezone

from bookstore.core.tasks import sessions_clear_expired_task


class SessionsClearExpiredTests(TestCase):
    def test_expired_sessions_are_deleted_and_live_ones_kept(self):
        live = SessionStore()
        live["cart"] = [1]
        live.create()
        expired = SessionStore()
        expired.create()
        Session.objects.filter(session_key=expired.session_key).update(
            expire_date=timezone.now() - dt.timedelta(seconds=1)
        )

        sessions_clear_expired_task.delay()

        self.assertEqual(list(Session.objects.values_list("session_key", flat=True)), [live.session_key])


class EmbeddedModeTests(TestCase):
    def test_the_embedded_mode_is_announced_once_at_start_up(self):
        with self.assertLogs("bookstore.core", "INFO") as logs:
            apps.get_app_config("core").ready()

        self.assertEqual(len(logs.records), 1)
        self.assertIn("run in this process right after each commit", logs.records[0].getMessage())
        self.assertTrue(settings.CELERY_TASK_ALWAYS_EAGER)
