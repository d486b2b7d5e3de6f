"""Trigram indexes of the public records' search names and cities, on PostgreSQL only.

Search matches a part of the name (``search_name LIKE '%…%'``), which no B-tree can
answer: without this index a rare name is looked for in every record (bench/board.py: 60 to
100 ms at 100 000 records), and the same for a part of the city. With them PostgreSQL finds
the matching records directly. SQLite has no such index and keeps reading the name index; the
models' state does not change.
"""

from django.db import migrations

INDEXES = {"board_out_name_trgm": "search_name", "board_out_city_trgm": "search_city"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for index, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON board_outsourcer "
            f"USING gin ({column} gin_trgm_ops) WHERE listed"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("board", "0012_reply_hidden")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
