"""Bookstore: the Django apps, one per business capability."""
