"""The reference data a fresh Dragoman starts with (see dragoman/catalog/reference.py)."""

from django.db import migrations

from dragoman.catalog import reference


def load(apps, schema_editor):
    reference.load(
        apps.get_model("catalog", "Service"),
        apps.get_model("catalog", "Topic"),
        apps.get_model("catalog", "Language"),
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
