"""Give every charter made before follow-up cadences existed the rounds its period calls for.

Since promises 0005 a charter's rounds are made when it is saved; a charter saved before has
none, so its follow-ups could not be entered and it could never be overdue. Charters that have
rounds (the demo's, for example) are left as they are.
"""

from django.db import migrations


def add_rounds(apps, schema_editor):
    from followups.rounds import plan  # the dates only: no model of the current code

    Charter = apps.get_model("promises", "Charter")
    FollowUpRound = apps.get_model("followups", "FollowUpRound")
    charters = Charter.objects.filter(rounds__isnull=True).order_by("pk")
    FollowUpRound.objects.bulk_create(
        FollowUpRound(
            charter=charter,
            title=planned.title,
            period_start=planned.period_start,
            period_end=planned.period_end,
            due_on=planned.due_on,
        )
        for charter in charters.iterator()
        for planned in plan(charter.period_start, charter.period_end, charter.followup_cadence)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("followups", "0004_review_indexes"),
        ("promises", "0005_charter_followup_cadence"),
    ]

    operations = [migrations.RunPython(add_rounds, migrations.RunPython.noop)]
