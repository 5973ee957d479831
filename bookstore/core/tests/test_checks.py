from types import SimpleNamespace

from celery import current_app
from django.conf import settings
from django.test import SimpleTestCase

from bookstore.core.checks import _import_task_modules, check_task_time_limits, task_time_limit_problems
from bookstore.core.tests.celery_fixtures import celery_conf
from config.settings.environment import validate_celery


def task(name="bookstore.catalog.tasks.cover_thumbnails_make", time_limit=None, **options):
    return SimpleNamespace(name=name, time_limit=time_limit, **options)


class TaskTimeLimitCheckTests(SimpleTestCase):
    def test_every_project_task_fits_the_default_visibility_timeout(self):
        _import_task_modules()
        names = [name for name in current_app.tasks if name.startswith("bookstore.")]

        problems = task_time_limit_problems(
            current_app.tasks.values(),
            default_time_limit=settings.CELERY_TASK_TIME_LIMIT,
            visibility_timeout=settings.CELERY_VISIBILITY_TIMEOUT,
        )

        self.assertEqual(problems, [])
        self.assertIn("bookstore.core.tasks.email_send", names)
        self.assertIn("bookstore.privacy.tasks.data_export_build_task", names)

    def test_a_task_that_may_outlive_the_visibility_timeout_is_an_error(self):
        problems = task_time_limit_problems(
            [
                task(time_limit=900),
                task(name="bookstore.x.tasks.ok", time_limit=60),
                task(name="celery.ping"),
            ],
            default_time_limit=None,
            visibility_timeout=900,
        )

        self.assertEqual([problem.id for problem in problems], ["core.E001"])
        self.assertIn("cover_thumbnails_make may run 900 s", problems[0].msg)

    def test_a_task_without_any_hard_limit_is_an_error(self):
        problems = task_time_limit_problems([task()], default_time_limit=None, visibility_timeout=900)

        self.assertEqual([problem.id for problem in problems], ["core.E001"])
        self.assertIn("no hard time limit", problems[0].msg)

    def test_a_retry_wait_longer_than_the_visibility_timeout_is_an_error(self):
        problems = task_time_limit_problems(
            [task(time_limit=60, autoretry_for=(OSError,), retry_backoff_max=600)],
            default_time_limit=None,
            visibility_timeout=300,
        )

        self.assertEqual([problem.id for problem in problems], ["core.E002"])

    def test_the_check_runs_against_the_configured_redis_broker(self):
        with celery_conf(
            broker_url="redis://127.0.0.1:6379/5",
            task_always_eager=False,
            broker_transport_options={"visibility_timeout": 100},
        ):
            problems = check_task_time_limits()
        with celery_conf(broker_url="amqp://guest@127.0.0.1//", task_always_eager=False):
            self.assertEqual(check_task_time_limits(), [])

        # Every task's 180 s default hard limit exceeds 100 s.
        self.assertIn("bookstore.core.tasks.email_outbox_flush_task", " ".join(p.msg for p in problems))
        self.assertEqual(check_task_time_limits(), [])  # no broker: nothing to check


class CelerySettingsValidationTests(SimpleTestCase):
    def problems(self, **values):
        settings_values = {
            "broker_url": "redis://127.0.0.1:6379/1",
            "soft_time_limit": 120,
            "time_limit": 180,
            "visibility_timeout": 900,
        }
        return validate_celery(**{**settings_values, **values}).lines

    def test_sound_settings_and_both_brokers_pass(self):
        self.assertEqual(self.problems(), [])
        self.assertEqual(self.problems(broker_url="amqp://guest:guest@127.0.0.1:5672//"), [])
        self.assertEqual(self.problems(broker_url=""), [])

    def test_each_unsafe_value_is_named(self):
        self.assertEqual(
            [line.split()[2] for line in self.problems(soft_time_limit=200)], ["CELERY_TASK_SOFT_TIME_LIMIT"]
        )
        self.assertEqual(
            [line.split()[2] for line in self.problems(visibility_timeout=180)], ["CELERY_VISIBILITY_TIMEOUT"]
        )
        self.assertEqual(
            [line.split()[2] for line in self.problems(broker_url="localhost:6379")], ["CELERY_BROKER_URL"]
        )
