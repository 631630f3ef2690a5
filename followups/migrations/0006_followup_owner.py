"""Follow-ups keep a copy of their promise's owner, for the review dashboard's owner filter."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_owners(apps, schema_editor):
    FollowUp = apps.get_model("followups", "FollowUp")
    Activity = apps.get_model("promises", "Activity")
    Promise = apps.get_model("promises", "Promise")
    FollowUp.objects.filter(activity__isnull=False).update(
        owner=Subquery(
            Activity.objects.filter(pk=OuterRef("activity_id")).values("promise__owner")[:1]
        )
    )
    FollowUp.objects.filter(promise__isnull=False).update(
        owner=Subquery(Promise.objects.filter(pk=OuterRef("promise_id")).values("owner")[:1])
    )


OWNER_CHOICES = [
    ("police", "the police"),
    ("municipality", "the municipality"),
    ("joint", "together"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("followups", "0005_rounds_for_earlier_charters"),
        ("promises", "0005_charter_followup_cadence"),
    ]

    operations = [
        migrations.AddField(
            model_name="followup",
            name="owner",
            field=models.CharField(
                choices=OWNER_CHOICES,
                default="",
                editable=False,
                max_length=20,
                verbose_name="promise made by",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(copy_owners, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(
                fields=["owner", "round", "status", "assessment"], name="followups_followup_owner"
            ),
        ),
    ]
