"""Test helpers: look for a value anywhere in the database."""

from django.db import connection


def tables_containing(value: str) -> list[str]:
    """Every table.column (text, varchar or JSON) whose rows contain ``value``, case-insensitively."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = 'public'
              AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'inet')
            """
        )
        columns = cursor.fetchall()
        hits = []
        for table, column in columns:
            cursor.execute(
                f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s LIMIT 1',  # noqa: S608 - names from the catalog
                [f"%{value}%"],
            )
            if cursor.fetchone():
                hits.append(f"{table}.{column}")
    return hits
