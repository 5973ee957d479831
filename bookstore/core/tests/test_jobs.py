from celery import shared_task
from django.test import SimpleTestCase

from bookstore.core.jobs import (
    RETRY_BACKOFF_MAX_SECONDS,
    RETRY_TRANSIENT,
    PermanentTaskError,
    is_transient,
    retry_countdown,
)

calls: list[str] = []


@shared_task(bind=True, **RETRY_TRANSIENT)
def flaky_task(self, key: str) -> None:
    calls.append(key)
    raise ConnectionResetError("the storage hung up")


class RetryPolicyTests(SimpleTestCase):
    def test_the_wait_grows_exponentially_with_full_jitter_up_to_the_ceiling(self):
        for retries, ceiling in [(0, 5), (1, 10), (3, 40), (6, 320), (7, 600), (12, 600)]:
            waits = {retry_countdown(retries) for _ in range(300)}
            with self.subTest(retries=retries):
                self.assertTrue(all(0 <= wait <= ceiling for wait in waits), waits)
                # Jittered: spread over the range, not one fixed value every worker would share.
                self.assertGreater(len(waits), min(ceiling, 5) - 1)
        self.assertEqual(RETRY_BACKOFF_MAX_SECONDS, 600)

    def test_transient_and_permanent_errors_are_told_apart(self):
        self.assertTrue(is_transient(ConnectionRefusedError()))
        self.assertTrue(is_transient(TimeoutError()))
        self.assertFalse(is_transient(ValueError("bad data")))
        self.assertFalse(is_transient(PermanentTaskError("corrupt upload")))
        self.assertIn(PermanentTaskError, RETRY_TRANSIENT["dont_autoretry_for"])

    def test_without_a_broker_a_failing_task_runs_once_instead_of_retrying_inline(self):
        calls.clear()

        result = flaky_task.delay("cover-7")

        self.assertEqual(calls, ["cover-7"])
        self.assertTrue(result.failed())
        self.assertIsInstance(result.result, ConnectionResetError)
