"""Connects cache invalidation to the catalog's change signal (the one import of the catalog here)."""

from bookstore.caching.invalidation import catalog_changed_receiver
from bookstore.catalog.signals import catalog_changed

catalog_changed.connect(catalog_changed_receiver, dispatch_uid="caching.catalog_changed")
