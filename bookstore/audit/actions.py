"""Every kind of event the audit trail records, as ``<area>.<event>``.

One enumeration, so the admin can filter by it and a reviewer can see in one place what is recorded.
Apps add their members in their own block.
"""

from django.db import models


class AuditAction(models.TextChoices):
    # Authentication (framework signals and the accounts app).
    LOGIN = "auth.login", "Logged in"
    LOGIN_FAILED = "auth.login_failed", "Failed login"
    LOGOUT = "auth.logout", "Logged out"
    LOCKED_OUT = "auth.locked_out", "Locked out after repeated failures"
    PASSWORD_CHANGED = "auth.password_changed", "Password changed"
    PASSWORD_RESET = "auth.password_reset", "Password reset"
    EMAIL_CHANGED = "auth.email_changed", "E-mail address changed"
    EMAIL_CONFIRMED = "auth.email_confirmed", "E-mail address confirmed"
    MFA_ENABLED = "auth.mfa_enabled", "Two-factor authentication enabled"
    MFA_DISABLED = "auth.mfa_disabled", "Two-factor authentication disabled"
    SESSIONS_ENDED = "auth.sessions_ended", "Other sessions ended"

    # Personal API tokens (credentials, so kept as long as the other authentication events).
    TOKEN_CREATED = "auth.token_created", "API token created"
    TOKEN_REVOKED = "auth.token_revoked", "API token revoked"

    # Accounts.
    USER_CREATED = "accounts.user_created", "Account created"
    USER_UPDATED = "accounts.user_updated", "Account updated"

    # Elevated access: any change to staff/superuser flags, groups or permissions, however it was made.
    STAFF_GRANTED = "access.staff_granted", "Staff access granted"
    STAFF_REVOKED = "access.staff_revoked", "Staff access revoked"
    SUPERUSER_GRANTED = "access.superuser_granted", "Superuser granted"
    SUPERUSER_REVOKED = "access.superuser_revoked", "Superuser revoked"
    GROUPS_CHANGED = "access.groups_changed", "Group membership changed"
    PERMISSIONS_CHANGED = "access.permissions_changed", "Direct permissions changed"
    GROUP_PERMISSIONS_CHANGED = "access.group_permissions_changed", "Group permissions changed"

    # Admin site.
    ADMIN_ADDED = "admin.added", "Added in the admin"
    ADMIN_CHANGED = "admin.changed", "Changed in the admin"
    ADMIN_DELETED = "admin.deleted", "Deleted in the admin"

    # Catalog.
    BOOK_CREATED = "catalog.book_created", "Book created"
    BOOK_UPDATED = "catalog.book_updated", "Book updated"
    BOOK_DELETED = "catalog.book_deleted", "Book deleted"
    BOOK_COVER_SET = "catalog.book_cover_set", "Book cover uploaded"
    AUTHOR_CREATED = "catalog.author_created", "Author created"
    AUTHOR_UPDATED = "catalog.author_updated", "Author updated"
    AUTHOR_DELETED = "catalog.author_deleted", "Author deleted"
    GENRE_CREATED = "catalog.genre_created", "Genre created"
    GENRE_UPDATED = "catalog.genre_updated", "Genre updated"
    GENRE_DELETED = "catalog.genre_deleted", "Genre deleted"

    # Reviews.
    REVIEW_CREATED = "reviews.review_created", "Review created"
    REVIEW_UPDATED = "reviews.review_updated", "Review updated"
    REVIEW_DELETED = "reviews.review_deleted", "Review deleted"

    # Privacy.
    EXPORT_REQUESTED = "privacy.export_requested", "Data export requested"
    EXPORT_DOWNLOADED = "privacy.export_downloaded", "Data export downloaded"
    ERASED = "privacy.erased", "Account erased"

    # The trail itself.
    PURGED = "audit.purged", "Expired audit entries purged"


# Kept for AUDIT_SECURITY_RETENTION_DAYS: the events a security investigation needs the longest.
SECURITY_PREFIXES = ("auth.", "access.", "privacy.", "audit.")
