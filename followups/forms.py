"""Forms of the followups app's workspace pages."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from followups.models import FollowUpRound, Review


class RoundPublishForm(forms.ModelForm):
    """The summary residents read with the round's report; it may stay empty."""

    class Meta:
        model = FollowUpRound
        fields = ["summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "summary": _(
                "Optional. What the round showed, in a few sentences for residents. It is "
                "shown above the report on the municipality's page and in the news feed."
            )
        }


class ReviewForm(forms.ModelForm):
    """The review decision on a follow-up; sending it back needs a comment."""

    class Meta:
        model = Review
        fields = ["decision", "comment"]
        widgets = {
            "decision": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A ModelForm radio list offers an empty "---------" choice; a decision has two.
        self.fields["decision"].choices = [
            (value, capfirst(label)) for value, label in Review.Decision.choices
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("decision") == Review.Decision.NEEDS_CHANGES and not cleaned.get("comment"):
            self.add_error("comment", _("Say what needs to change."))
        return cleaned

    def validate_constraints(self, exclude=None) -> None:
        # The one constraint (a comment when sending back) is reported on its field in clean().
        pass
