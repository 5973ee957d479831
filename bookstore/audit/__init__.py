"""Audit trail: who changed what, when, and from where. Rows outlive their actors and cannot be edited."""
