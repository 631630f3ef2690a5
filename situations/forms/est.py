"""The EST forms: a reporter's observation, the coordinator's reporting organisations, the
grid's filters and attaching a quarter's summary to a lägesbild.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from config.lib.periods import validate_day
from situations import est
from situations.forms.workspace import DATE_INVALID, date_input
from situations.models import (
    Municipality,
    Observation,
    Place,
    ReportingOrganisation,
    SituationReport,
    monday_of,
)

# How many weeks back a reporter may choose; older reports are rarely remembered well.
REPORTABLE_WEEKS = 12


def week_choice_label(monday: datetime.date) -> str:
    sunday = monday + datetime.timedelta(days=6)
    return _("Week %(week)s, %(year)s (%(start)s – %(end)s)") % {
        "week": monday.isocalendar().week,
        "year": monday.isocalendar().year,
        "start": formats.date_format(monday, "j M"),
        "end": formats.date_format(sunday, "j M"),
    }


def week_choices(today: datetime.date, also: datetime.date | None = None) -> list:
    """This week and the REPORTABLE_WEEKS - 1 before it, newest first, and ALSO if older."""
    this_week = monday_of(today)
    weeks = [this_week - est.WEEK * n for n in range(REPORTABLE_WEEKS)]
    if also is not None and also not in weeks:
        weeks.append(also)
    return [(week.isoformat(), week_choice_label(week)) for week in weeks]


class ObservationForm(forms.ModelForm):
    """What a reporter saw at a place in a week."""

    week = forms.TypedChoiceField(
        label=_("Week"),
        coerce=datetime.date.fromisoformat,
        error_messages={
            "required": _("Choose the week the observation is about."),
            "invalid_choice": _("Choose one of the weeks in the list."),
        },
    )

    class Meta:
        model = Observation
        fields = ["week", "place", "category", "level", "description"]
        widgets = {
            "level": forms.RadioSelect,
            "description": forms.Textarea(
                attrs={"rows": 3, "maxlength": Observation.DESCRIPTION_MAX_LENGTH}
            ),
        }
        error_messages = {
            "place": {
                "required": _("Choose the place."),
                "invalid_choice": _("Choose one of the municipality's places in the list."),
            },
            "category": {
                "required": _("Choose what the observation is about."),
                "invalid_choice": _("Choose one of the categories in the list."),
            },
            "level": {
                "required": _("Choose a level from 1 to 5."),
                "invalid_choice": _("Choose a level from 1 to 5."),
            },
            "description": {
                "max_length": _(
                    "Write at most %(limit_value)d characters (it has %(show_value)d)."
                ),
            },
        }

    def __init__(
        self, *args, municipality: Municipality, reporter, today: datetime.date, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.reporter = reporter
        self.fields["week"].choices = week_choices(today, also=self.instance.week)
        if self.instance.pk:
            self.initial["week"] = self.instance.week.isoformat()
        places = self.fields["place"]
        places.queryset = Place.objects.filter(municipality=municipality).order_by("name", "id")
        places.empty_label = _("Choose the place")
        self.fields["category"].choices = [
            ("", _("Choose the category")),
            *Observation.Category.choices,
        ]
        self.fields["level"].choices = [(level.value, level.text) for level in Observation.Level]
        self.fields["description"].help_text = _(
            "At most %(limit)s characters about the place and the situation. EST describes "
            "places and situations, not people: never write names, personal identity numbers, "
            "phone numbers or email addresses."
        ) % {"limit": Observation.DESCRIPTION_MAX_LENGTH}

    def clean(self) -> dict:
        cleaned = super().clean()
        # One observation per reporter, week, place and category (a constraint on the reporter,
        # who is no field of the form): a second one would count twice in the summary.
        key = {name: cleaned.get(name) for name in ("week", "place", "category")}
        if all(key.values()):
            taken = Observation.objects.filter(reporter=self.reporter, **key).exclude(
                pk=self.instance.pk
            )
            if taken.exists():
                raise forms.ValidationError(
                    _(
                        "You have already reported this category for this place and week. "
                        "Change that observation in the list below instead."
                    ),
                    code="duplicate",
                )
        return cleaned


class ReportingOrganisationForm(forms.ModelForm):
    class Meta:
        model = ReportingOrganisation
        fields = ["name", "kind"]
        error_messages = {
            "name": {"required": _("Write the name of the organisation.")},
            "kind": {"required": _("Choose the kind of organisation.")},
        }

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["kind"].choices = [
            ("", _("Choose the kind")),
            *ReportingOrganisation.Kind.choices,
        ]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        # The unique name is per kommun, which is no field of the form: asked here.
        taken = (
            ReportingOrganisation.objects.filter(
                municipality=self.instance.municipality, name__iexact=name
            )
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if taken:
            raise forms.ValidationError(
                _("This municipality already has an organisation with that name.")
            )
        return name


class ObservationFilterForm(forms.Form):
    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("fran"), cleaned.get("till")
        if start and end:
            if end < start:
                self.add_error("till", _("The period cannot end before it starts."))
            elif est.week_count(start, end) > est.MAX_WEEKS:
                self.add_error(
                    "till",
                    _("Choose a period of at most %(weeks)s weeks.") % {"weeks": est.MAX_WEEKS},
                )
        return cleaned


class ObservationFilter(django_filters.FilterSet):
    """The filters of the EST grid: a category and a period of weeks."""

    kategori = django_filters.ChoiceFilter(
        field_name="category",
        choices=Observation.Category.choices,
        label=_("Category"),
        empty_label=_("All categories"),
    )
    fran = django_filters.DateFilter(
        field_name="week",
        method="filter_from",
        label=_("From"),
        widget=date_input(),
        validators=[validate_day],
        error_messages={"invalid": DATE_INVALID},
    )
    till = django_filters.DateFilter(
        field_name="week",
        lookup_expr="lte",
        label=_("To"),
        widget=date_input(),
        validators=[validate_day],
        error_messages={"invalid": DATE_INVALID},
    )

    class Meta:
        model = Observation
        fields = []
        form = ObservationFilterForm

    def filter_from(self, queryset, name, value):
        # A date in the middle of a week shows the whole week.
        return queryset.filter(week__gte=monday_of(value))


class QuarterForm(forms.Form):
    """Which quarter the summary shows."""

    ar = forms.TypedChoiceField(label=_("Year"), coerce=int)
    kvartal = forms.TypedChoiceField(label=_("Quarter"), coerce=int)

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ar"].choices = [(y, str(y)) for y in range(today.year, today.year - 6, -1)]
        # Named here, in the reader's language: a label formatted in the class body would be
        # fixed in the language of whoever first imported the module.
        self.fields["kvartal"].choices = [
            (q, _("Quarter %(number)s") % {"number": q}) for q in range(1, 5)
        ]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("Choose one of the options in the list.")


class AttachSummaryForm(forms.Form):
    """Attach the summary of the quarter shown to one of the kommun's lägesbilder."""

    ar = forms.IntegerField(widget=forms.HiddenInput, min_value=2000, max_value=2100)
    kvartal = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=4)
    report = forms.ModelChoiceField(
        label=_("Situation report"),
        queryset=SituationReport.objects.none(),
        empty_label=_("Choose the situation report"),
        error_messages={
            "required": _("Choose the situation report to attach the summary to."),
            "invalid_choice": _("Choose one of the municipality's situation reports."),
        },
    )
    is_internal = forms.BooleanField(
        label=_("Internal source"),
        required=False,
        initial=True,
        help_text=_("Internal sources are never shown on a public page."),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs):
        # Its ids apart from the quarter chooser's on the same page (both have ar and kvartal).
        kwargs.setdefault("auto_id", "attach_%s")
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = SituationReport.objects.filter(
            municipality=municipality
        ).order_by("-period_start", "id")
        self.fields["report"].label_from_instance = lambda report: (
            f"{report.title} ({report.period_label}, {report.get_status_display()})"
        )
