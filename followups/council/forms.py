"""The one text of a council report a person writes: its foreword."""

from django import forms

from followups.council.models import CouncilReport


class CouncilReportForm(forms.ModelForm):
    class Meta:
        model = CouncilReport
        fields = ["foreword"]
        widgets = {"foreword": forms.Textarea(attrs={"rows": 6})}
