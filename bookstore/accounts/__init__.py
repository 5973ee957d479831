"""Accounts: the custom user model (e-mail login), profiles and the authentication journey."""
