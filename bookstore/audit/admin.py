"""The audit trail in the admin: readable with ``audit.view_audit_trail``, editable by nobody.

Also replaces the admin's site-wide "delete selected" action with one that records each deleted object:
Django logs bulk deletions with ``bulk_create``, which sends no signal for the audit receivers to hear.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog
from bookstore.audit.services import audit_record


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "action",
        "actor_label",
        "target_type",
        "target_label",
        "ip_address",
        "request_id",
    )
    list_filter = ("action", ("created_at", admin.DateFieldListFilter), "target_type")
    search_fields = ("actor_label", "target_id", "target_label", "request_id", "=actor_id_snapshot")
    date_hierarchy = "created_at"
    list_per_page = 50
    # Counting millions of rows on every page view is the classic slow admin changelist.
    show_full_result_count = False
    fields = (
        "created_at", "action", "actor", "actor_id_snapshot", "actor_label", "target_type", "target_id",
        "target_label", "ip_address", "user_agent", "request_id", "changes", "metadata",
    )  # fmt: skip
    readonly_fields = fields
    actions = None

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("audit.view_audit_trail")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("audit.view_audit_trail")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.action(permissions=["delete"], description="Delete selected %(verbose_name_plural)s")
def audited_delete_selected(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]
) -> HttpResponse | None:
    if not request.POST.get("post"):
        return django_delete_selected(modeladmin, request, queryset)  # the confirmation page
    with transaction.atomic():
        doomed = [(obj._meta.label_lower, str(obj.pk), str(obj)) for obj in queryset]
        response = django_delete_selected(modeladmin, request, queryset)
        # One object is logged with save() and recorded by the LogEntry receiver; more use bulk_create.
        if response is None and len(doomed) > 1:
            for target_ref in doomed:
                audit_record(
                    action=AuditAction.ADMIN_DELETED,
                    actor=request.user,
                    target_ref=target_ref,
                    metadata={"message": "Deleted with the bulk delete action."},
                )
    return response


admin.site.add_action(audited_delete_selected, "delete_selected")
