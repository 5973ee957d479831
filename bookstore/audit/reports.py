"""The permission review as text, for the management command and the monthly e-mail."""

from __future__ import annotations

from bookstore.audit.selectors import PrivilegedAccount


def _when(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"  # type: ignore[attr-defined]


def permissions_report_text(accounts: list[PrivilegedAccount]) -> str:
    if not accounts:
        return "No staff or superuser accounts.\n"
    lines = [f"{len(accounts)} privileged account(s); {sum(a.unused for a in accounts)} flagged.", ""]
    for account in accounts:
        flag = "  [FLAG: " + "; ".join(account.notes) + "]" if account.notes else ""
        lines.append(f"{account.email}{' (superuser)' if account.is_superuser else ' (staff)'}{flag}")
        lines.append(f"  groups:       {', '.join(account.groups) or '-'}")
        lines.append(f"  permissions:  {', '.join(account.permissions) or '-'}")
        lines.append(
            f"  access since: {_when(account.access_last_changed)} (latest change in the audit trail)"
        )
        lines.append(f"  last login:   {_when(account.last_login)}")
        lines.append("")
    return "\n".join(lines)
