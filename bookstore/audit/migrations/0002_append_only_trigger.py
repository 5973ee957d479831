"""Make the audit log append-only in the database itself.

UPDATE and DELETE on audit_auditlog are refused unless the transaction has declared itself maintenance with
``SET LOCAL bookstore.audit_maintenance = 'on'`` (the retention purge and the erasure redaction do), except
the ``SET NULL`` of the actor when an account is deleted. Raw SQL,
a shell session or a bug elsewhere cannot quietly rewrite history.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION audit_auditlog_append_only() RETURNS trigger AS $$
BEGIN
    -- The one change anyone may make: ON DELETE SET NULL when the actor's account is deleted.
    IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
       AND to_jsonb(NEW) - 'actor_id' = to_jsonb(OLD) - 'actor_id' THEN
        RETURN NEW;
    END IF;
    IF coalesce(current_setting('bookstore.audit_maintenance', true), '') <> 'on' THEN
        RAISE EXCEPTION 'audit log entries cannot be changed or deleted (%)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_auditlog_append_only
    BEFORE UPDATE OR DELETE ON audit_auditlog
    FOR EACH ROW EXECUTE FUNCTION audit_auditlog_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_auditlog_append_only ON audit_auditlog;
DROP FUNCTION IF EXISTS audit_auditlog_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
