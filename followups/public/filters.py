"""Filters of the public overview of every kommun and the state of its charter."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from promises.models import Promise
from situations.models import County, FocusArea, Municipality, PoliceRegion


class MunicipalityOverviewFilter(django_filters.FilterSet):
    STATES = [
        ("published", _("Published citizen promise")),
        ("closed", _("Only earlier citizen promises")),
        ("none", _("No published citizen promise")),
    ]

    q = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", label=_("Municipality name")
    )
    county = django_filters.ModelChoiceFilter(
        queryset=County.objects.all(), label=_("County"), empty_label=_("All counties")
    )
    police_region = django_filters.ModelChoiceFilter(
        field_name="county__police_region",
        queryset=PoliceRegion.objects.all(),
        label=_("Police region"),
        empty_label=_("All police regions"),
    )
    focus_area = django_filters.ModelChoiceFilter(
        queryset=FocusArea.objects.all(),
        method="filter_focus_area",
        label=_("Focus area"),
        empty_label=_("All focus areas"),
    )
    state = django_filters.ChoiceFilter(
        choices=STATES, method="filter_state", label=_("State"), empty_label=_("All states")
    )
    order = django_filters.OrderingFilter(
        fields=[("name", "name"), ("county__code", "county"), ("charter_start", "period")],
        # The choices in full, each label translated when the page is rendered: the labels
        # django-filter builds from field_labels are fixed at import, "descending" in English.
        choices=[
            ("name", _("Name, A to Z")),
            ("-name", _("Name, Z to A")),
            ("county", _("County")),
            ("-county", _("County, in reverse order")),
            ("period", _("Period, earliest first")),
            ("-period", _("Period, latest first")),
        ],
        label=_("Sort by"),
        empty_label=None,
    )

    class Meta:
        model = Municipality
        fields = []

    def filter_focus_area(self, queryset, name, value):
        """Kommuner whose charter in the list (in force today, else announced; see
        municipalities_with_charter_state()) has a promise in the focus area. An ended
        charter no longer says what a kommun works on, nor does a draft."""
        promises = Promise.objects.filter(charter_id=OuterRef("charter_pk"), focus_areas=value)
        return queryset.filter(Exists(promises))

    def filter_state(self, queryset, name, value):
        if value == "published":
            return queryset.filter(has_published=True)
        if value == "closed":
            return queryset.filter(has_published=False, has_closed=True)
        return queryset.filter(has_published=False, has_closed=False)
