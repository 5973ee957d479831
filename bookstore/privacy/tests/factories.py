import factory

from bookstore.accounts.tests.factories import UserFactory
from bookstore.privacy.models import DataExport


class DataExportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataExport

    user = factory.SubFactory(UserFactory)
