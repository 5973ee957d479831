import datetime as dt

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
