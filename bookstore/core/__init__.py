"""Shared infrastructure with no business domain: middleware, base models, small helpers."""
