"""Static pages: home and about."""
