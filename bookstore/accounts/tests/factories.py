"""Factories for accounts: readers and staff with predictable, unique e-mail addresses.

Every factory-made account has a verified primary e-mail address (sign-in requires one). Staff and
superusers also have an authenticator app (TOTP) set up with ``TOTP_SECRET``, as the admin requires;
``totp_code()`` gives the current code for it.
"""

import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from bookstore.accounts.models import User

DEFAULT_PASSWORD = "correct-horse-battery-staple"
# A fixed base32 secret so tests can compute codes (never used outside tests).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET, offset: int = 0) -> str:
    """The TOTP code an authenticator app would show now (or ``offset`` seconds from now) for ``secret``."""
    counter = (int(time.time()) + offset) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def totp_enable(user: User, secret: str = TOTP_SECRET) -> None:
    TOTP.activate(user, secret)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    display_name = factory.Faker("name")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy passes the object first
        """``verified=False`` leaves the address unverified (sign-in then sends a new confirmation)."""
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class StaffFactory(UserFactory):
    email = factory.Sequence(lambda n: f"staff{n}@example.com")
    is_staff = True

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):  # noqa: N805
        """Staff have TOTP set up unless built with ``mfa=False``."""
        if create and extracted is not False:
            totp_enable(obj)


class SuperuserFactory(StaffFactory):
    email = factory.Sequence(lambda n: f"admin{n}@example.com")
    is_superuser = True
