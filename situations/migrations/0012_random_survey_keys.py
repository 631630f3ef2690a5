"""Survey responses and answers get random keys instead of sequential ids.

Sequential ids kept the order in which residents answered, and with it a way to match a row
with a line of a server log. A primary key cannot be changed from an integer to a UUID in
place on PostgreSQL, so the rows are copied into new tables under random keys, in random
order, and the old tables dropped.
"""

import random
import uuid

import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models


def copy_under_random_keys(apps, schema_editor):
    OldResponse = apps.get_model("situations", "Response")
    OldAnswer = apps.get_model("situations", "Answer")
    NewResponse = apps.get_model("situations", "NewResponse")
    NewAnswer = apps.get_model("situations", "NewAnswer")
    db = schema_editor.connection.alias
    rng = random.SystemRandom()
    responses = list(
        OldResponse.objects.using(db).order_by().values("id", "survey_id", "submitted_on")
    )
    rng.shuffle(responses)
    keys = {row["id"]: uuid.uuid4() for row in responses}
    NewResponse.objects.using(db).bulk_create(
        [
            NewResponse(
                id=keys[row["id"]], survey_id=row["survey_id"], submitted_on=row["submitted_on"]
            )
            for row in responses
        ],
        batch_size=500,
    )
    fields = [
        "response_id",
        "question_id",
        "scale",
        "choice_id",
        "place_id",
        "other_place",
        "text",
    ]
    answers = list(OldAnswer.objects.using(db).order_by().values(*fields))
    rng.shuffle(answers)
    NewAnswer.objects.using(db).bulk_create(
        [NewAnswer(**{**row, "response_id": keys[row["response_id"]]}) for row in answers],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("situations", "0011_problem"),
    ]

    operations = [
        migrations.CreateModel(
            name="NewResponse",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("submitted_on", models.DateField(verbose_name="answered on")),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="situations.survey",
                        verbose_name="survey",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="NewAnswer",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "scale",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(5),
                        ],
                        verbose_name="scale value",
                    ),
                ),
                (
                    "other_place",
                    models.CharField(blank=True, max_length=200, verbose_name="other place"),
                ),
                ("text", models.TextField(blank=True, verbose_name="answer")),
                (
                    "place",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="situations.place",
                        verbose_name="place",
                    ),
                ),
                (
                    "choice",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="situations.choice",
                        verbose_name="choice",
                    ),
                ),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="situations.question",
                        verbose_name="question",
                    ),
                ),
                (
                    "response",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="situations.newresponse",
                        verbose_name="response",
                    ),
                ),
            ],
        ),
        migrations.RunPython(copy_under_random_keys, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="Answer"),
        migrations.DeleteModel(name="Response"),
        migrations.RenameModel(old_name="NewResponse", new_name="Response"),
        migrations.RenameModel(old_name="NewAnswer", new_name="Answer"),
        migrations.AlterField(
            model_name="response",
            name="survey",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="responses",
                to="situations.survey",
                verbose_name="survey",
            ),
        ),
        migrations.AlterField(
            model_name="answer",
            name="place",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="survey_answers",
                to="situations.place",
                verbose_name="place",
            ),
        ),
        migrations.AlterField(
            model_name="answer",
            name="choice",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="answers",
                to="situations.choice",
                verbose_name="choice",
            ),
        ),
        migrations.AlterField(
            model_name="answer",
            name="question",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to="situations.question",
                verbose_name="question",
            ),
        ),
        migrations.AlterField(
            model_name="answer",
            name="response",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to="situations.response",
                verbose_name="response",
            ),
        ),
        migrations.AlterModelOptions(
            name="response",
            options={
                "ordering": ["survey", "id"],
                "verbose_name": "survey response",
                "verbose_name_plural": "survey responses",
            },
        ),
        migrations.AlterModelOptions(
            name="answer",
            options={
                "ordering": ["response", "question", "id"],
                "verbose_name": "answer",
                "verbose_name_plural": "answers",
            },
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("choice__isnull", True),
                        ("other_place", ""),
                        ("place__isnull", True),
                        ("scale__isnull", False),
                        ("text", ""),
                    ),
                    models.Q(
                        ("choice__isnull", False),
                        ("other_place", ""),
                        ("place__isnull", True),
                        ("scale__isnull", True),
                        ("text", ""),
                    ),
                    models.Q(
                        ("choice__isnull", True),
                        ("other_place", ""),
                        ("place__isnull", False),
                        ("scale__isnull", True),
                        ("text", ""),
                    ),
                    models.Q(
                        ("choice__isnull", True),
                        ("place__isnull", True),
                        ("scale__isnull", True),
                        ("text", ""),
                        models.Q(("other_place", ""), _negated=True),
                    ),
                    models.Q(
                        ("choice__isnull", True),
                        ("other_place", ""),
                        ("place__isnull", True),
                        ("scale__isnull", True),
                        models.Q(("text", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="situations_answer_one_value",
                violation_error_message="An answer holds exactly one value.",
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("scale__isnull", True),
                    models.Q(("scale__gte", 1), ("scale__lte", 5)),
                    _connector="OR",
                ),
                name="situations_answer_scale_range",
                violation_error_message="The scale goes from 1 to 5.",
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("text"), 2000
                ),
                name="situations_answer_text_max_length",
                violation_error_message="The answer is too long.",
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("choice__isnull", False)),
                fields=("response", "question", "choice"),
                name="situations_answer_unique_choice",
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("place__isnull", False)),
                fields=("response", "question", "place"),
                name="situations_answer_unique_place",
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("scale__isnull", False),
                    models.Q(("text", ""), _negated=True),
                    models.Q(("other_place", ""), _negated=True),
                    _connector="OR",
                ),
                fields=("response", "question"),
                name="situations_answer_unique_value",
            ),
        ),
    ]
