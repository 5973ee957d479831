"""Factories for the core app's models."""

import factory

from bookstore.core.models import OutboxEmail


class OutboxEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxEmail

    to = factory.Sequence(lambda n: [f"reader{n}@example.com"])
    subject = "Hello"
    body = "Plain text"
