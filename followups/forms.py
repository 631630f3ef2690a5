"""Forms of the followups app's workspace pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from followups.models import FollowUpRound


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
