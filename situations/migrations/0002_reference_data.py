from django.db import migrations


def load(apps, schema_editor):
    from situations.reference import load_reference_data

    load_reference_data(apps, police=False)


class Migration(migrations.Migration):
    dependencies = [("situations", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
