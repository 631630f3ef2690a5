"""Follow-ups keep the decision of their latest review, for the review dashboard's filter."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_decisions(apps, schema_editor):
    FollowUp = apps.get_model("followups", "FollowUp")
    Review = apps.get_model("followups", "Review")
    latest = Review.objects.filter(follow_up=OuterRef("pk")).order_by("-created_at", "-id")
    FollowUp.objects.filter(reviews__isnull=False).update(
        review_decision=Subquery(latest.values("decision")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("followups", "0006_followup_owner"),
    ]

    operations = [
        migrations.AddField(
            model_name="followup",
            name="review_decision",
            field=models.CharField(
                blank=True,
                choices=[("approved", "approved"), ("needs_changes", "needs changes")],
                editable=False,
                max_length=20,
                verbose_name="latest review",
            ),
        ),
        migrations.RunPython(copy_decisions, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(
                fields=["review_decision", "round", "status", "assessment"],
                name="followups_followup_review",
            ),
        ),
    ]
