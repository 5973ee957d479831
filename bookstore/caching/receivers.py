"""Connects cache invalidation to the catalog's change signal (the one import of the catalog here)."""

from importlib import import_module

from django.apps import apps

from bookstore.caching.invalidation import catalog_changed_receiver

if apps.is_installed("bookstore.catalog"):
    catalog_changed = import_module("bookstore.catalog.signals").catalog_changed
    catalog_changed.connect(catalog_changed_receiver, dispatch_uid="caching.catalog_changed")
