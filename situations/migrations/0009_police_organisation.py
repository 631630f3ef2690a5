from django.db import migrations


def load(apps, schema_editor):
    from situations.reference import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("situations", "0008_police_reference_keys")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
