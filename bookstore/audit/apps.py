from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "bookstore.audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        # Framework events (logins, admin saves, permission changes) arrive as signals; the receivers only
        # translate them into calls to the audit service.
        from bookstore.audit import receivers  # noqa: F401
