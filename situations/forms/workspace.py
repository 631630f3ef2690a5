"""The workspace's edit forms: a lägesbild with its sources and findings, a kommun's places.

Every message is a sentence that says what to do, through gettext; every form keeps what was
typed when it comes back with errors.
"""

from __future__ import annotations

import copy

from django import forms
from django.db.models import Max, Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from config.lib.editing import EXTRA_ROWS, ClearsCarriedOver
from situations.forms.problems import ReportProblems, problems_queryset
from situations.forms.rows import RowsFormSet, drop_examples
from situations.models import (
    Finding,
    FocusArea,
    Municipality,
    Place,
    PoliceArea,
    SituationReport,
    Source,
)

DATE_WIDGET_FORMAT = "%Y-%m-%d"
DATE_INVALID = _("Write the date as YYYY-MM-DD, for example 2024-03-31.")
NUMBER_INVALID = _("Write a number, for example 60 or 12,5.")


def date_input() -> forms.DateInput:
    """The browser's date picker, which sends and shows dates as YYYY-MM-DD."""
    return forms.DateInput(attrs={"type": "date"}, format=DATE_WIDGET_FORMAT)


class DecimalCommaField(forms.DecimalField):
    """A number as people in Sweden write it: 12,5 as well as 12.5, spaces between thousands.

    A text box with a decimal keyboard, not type="number", whose browsers refuse a comma in
    some languages and drop what was typed without a word.
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("localize", True)
        kwargs.setdefault("error_messages", {}).setdefault("invalid", NUMBER_INVALID)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            for space in (" ", "\u00a0", "\u202f"):
                value = value.replace(space, "")
            value = value.replace("\u2212", "-").replace(",", ".")
        return super().to_python(value)


class ReportForm(forms.ModelForm):
    """The texts and the period of a lägesbild."""

    class Meta:
        model = SituationReport
        fields = [
            "title",
            "period_start",
            "period_end",
            "police_area",
            "summary",
            "analysis",
            "selection_rationale",
            "limitations",
        ]
        widgets = {
            "period_start": date_input(),
            "period_end": date_input(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "analysis": forms.Textarea(attrs={"rows": 6}),
            "selection_rationale": forms.Textarea(attrs={"rows": 4}),
            "limitations": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Write a title, for example Lägesbild 2025.")},
            "period_start": {
                "required": _("Give the first day of the period."),
                "invalid": DATE_INVALID,
            },
            "period_end": {
                "required": _("Give the last day of the period."),
                "invalid": DATE_INVALID,
            },
            "police_area": {
                "invalid_choice": _("Choose one of the local police areas in the list."),
            },
        }

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        areas = list(PoliceArea.objects.filter(municipalities=municipality).order_by("name"))
        field = self.fields["police_area"]
        field.queryset = PoliceArea.objects.filter(pk__in=[area.pk for area in areas])
        field.choices = [("", _("No local police area")), *((a.pk, a.name) for a in areas)]
        if self.instance.pk is None and len(areas) == 1:
            field.initial = areas[0].pk

    def clean(self) -> dict:
        cleaned = super().clean()
        start = cleaned.get("period_start")
        # The unique period is a constraint on the kommun, which is no field of the form, so
        # the form asks here rather than letting the database refuse the save.
        if start and (
            SituationReport.objects.filter(
                municipality=self.instance.municipality, period_start=start
            )
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error(
                "period_start",
                _("This municipality already has a situation report starting that day."),
            )
        return cleaned


class SourceForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = ["kind", "title", "date", "url", "description", "is_internal"]
        widgets = {"date": date_input(), "description": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "kind": {"required": _("Choose the kind of source.")},
            "title": {"required": _("Write the title of the source.")},
            "date": {"invalid": DATE_INVALID},
            "url": {"invalid": _("Write a whole web address, beginning with https://.")},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Choose the kind")), *Source.Kind.choices]
        # The source as saved, for its summary line: a bound form writes into its instance.
        self.saved = copy.copy(self.instance) if self.instance.pk else None
        if self.saved:
            drop_examples(self, ("date",))
        self.fields["is_internal"].help_text = _(
            "Internal sources are never shown on a public page. Police intelligence is "
            "always internal."
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and Source.Kind(kind).always_internal:
            cleaned["is_internal"] = True
        return cleaned


def new_source_label(number: int) -> str:
    return _("New source %(number)s") % {"number": number}


NEW_SOURCE_PREFIX = "new-"


def new_source_value(number: int) -> str:
    """The value that names the blank source row NUMBER in a finding's source list."""
    return f"{NEW_SOURCE_PREFIX}{number}"


class FindingForm(ClearsCarriedOver):
    """One finding; its source among the report's saved sources or the new ones typed on the
    same page (the blank source rows, by number), its place among the kommun's.

    The choices come in from the formset, loaded once for all its forms. A new source chosen
    is in cleaned_data["new_source"] (its row number); the view links it once it is saved.
    """

    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        help_text=_(
            "A saved source, or a new one you type into a blank source row on this page: "
            "both are saved together."
        ),
        error_messages={"invalid_choice": _("Choose one of the sources in the list.")},
    )

    class Meta:
        model = Finding
        fields = ["text", "source", "focus_area", "place", "value", "unit"]
        field_classes = {"value": DecimalCommaField}
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "text": {"required": _("Write the finding, in a sentence.")},
            "focus_area": {"invalid_choice": _("Choose one of the focus areas in the list.")},
            "place": {"invalid_choice": _("Choose one of the municipality's places.")},
        }

    EMPTY_LABELS = {
        "focus_area": _("No focus area"),
        "place": _("No particular place"),
    }

    def __init__(
        self, *args, choices: dict, sources: dict, new_sources: dict[int, str], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, (queryset, options) in choices.items():
            field = self.fields[name]
            field.queryset = queryset
            field.choices = [("", self.EMPTY_LABELS[name]), *options]
        self.sources = sources
        self.fields["source"].choices = source_choices(sources, new_sources)
        if self.initial.get("source") is not None:
            # As the browser sends it: a plain choice field compares 12 with "12" as changed.
            self.initial["source"] = str(self.initial["source"])
        # The finding as saved, for its summary line: a bound form writes into its instance.
        self.saved = copy.copy(self.instance) if self.instance.pk else None
        self.saved_source = sources.get(self.instance.source_id)
        if self.saved:
            drop_examples(self, ("text", "source", "value", "unit"))

    def clean_source(self) -> Source | None:
        value = self.cleaned_data["source"]
        if value.startswith(NEW_SOURCE_PREFIX):
            # A blank source row; the formset's choices have already checked the number.
            self.new_source_row = int(value.removeprefix(NEW_SOURCE_PREFIX))
            return None
        self.new_source_row = None
        return self.sources[int(value)] if value else None

    def clean(self) -> dict:
        cleaned = super().clean()
        cleaned["new_source"] = getattr(self, "new_source_row", None)
        if cleaned.get("unit") and cleaned.get("value") is None and "value" not in self.errors:
            self.add_error("value", _("Give a value for the unit, or leave the unit empty."))
        return cleaned


def source_choices(sources: dict, new_sources: dict[int, str]) -> list:
    """The options of a finding's source: none, the saved sources, the blank rows by number
    (with the title typed into a row, when the page comes back)."""
    options: list = [("", _("No source"))]
    if sources:
        options.append((_("Saved sources"), [(pk, str(s)) for pk, s in sources.items()]))
    if new_sources:
        rows = []
        for number, title in new_sources.items():
            label = new_source_label(number)
            rows.append((new_source_value(number), f"{label}: {title}" if title else label))
        options.append((_("New sources on this page"), rows))
    return options


class SourceFormSet(RowsFormSet):
    delete_label = _("Remove this source")
    removed_message = _(
        "Someone else has removed this source meanwhile. Open the page again; the history "
        "can restore it."
    )

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # The blank rows are numbered, so that a finding on the same page can name one.
        initial = self.initial_form_count()
        form.new_row = i - initial + 1 if i >= initial else None
        return form

    @property
    def new_rows(self) -> int:
        return self.total_form_count() - self.initial_form_count()


class FindingFormSet(RowsFormSet):
    delete_label = _("Remove this finding")
    removed_message = _(
        "Someone else has removed this finding meanwhile. Open the page again; the history "
        "can restore it."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        report = self.instance
        sources = Source.objects.filter(report=report).order_by("date", "id")
        places = Place.objects.filter(municipality_id=report.municipality_id).order_by("name")
        focus_areas = FocusArea.objects.order_by("order", "name", "id")
        # Each list is read once here and shared by every form, not once per form.
        self.form_kwargs["sources"] = {source.pk: source for source in sources}
        self.form_kwargs["choices"] = {
            name: (queryset, [(obj.pk, str(obj)) for obj in queryset])
            for name, queryset in (("focus_area", focus_areas), ("place", places))
        }

    def save_new(self, form: forms.ModelForm, commit: bool = True):
        # A new finding goes last.
        highest = Finding.objects.filter(report=self.instance).aggregate(Max("order"))
        form.instance.order = (highest["order__max"] or 0) + 1
        return super().save_new(form, commit=commit)


ReportSources = forms.inlineformset_factory(
    SituationReport,
    Source,
    form=SourceForm,
    formset=SourceFormSet,
    extra=EXTRA_ROWS,
    can_delete=True,
    can_delete_extra=False,
)
ReportFindings = forms.inlineformset_factory(
    SituationReport,
    Finding,
    form=FindingForm,
    formset=FindingFormSet,
    extra=EXTRA_ROWS,
    can_delete=True,
    can_delete_extra=False,
)


class ReportEditForms:
    """The edit page of a lägesbild: its texts, sources, findings and problems, saved together."""

    def __init__(self, report: SituationReport, data=None) -> None:
        self.report = report
        # The form writes what was typed into its instance; a copy keeps the page's heading
        # at the saved title while an emptied title comes back with its error.
        self.form = ReportForm(data, instance=copy.copy(report), municipality=report.municipality)
        self.sources = ReportSources(
            data,
            instance=report,
            prefix="sources",
            queryset=Source.objects.filter(report=report).order_by("date", "id"),
        )
        self.findings = ReportFindings(
            data,
            instance=report,
            prefix="findings",
            queryset=Finding.objects.filter(report=report).order_by("order", "id"),
            form_kwargs={"new_sources": self._new_source_titles()},
        )
        self.problems = ReportProblems(
            data,
            instance=report,
            prefix="problems",
            queryset=problems_queryset(report),
            findings=self.findings.get_queryset(),
            shared=self.findings.form_kwargs["choices"],
        )

    def _new_source_titles(self) -> dict[int, str]:
        """The blank source rows by number, with the title typed into each (when bound)."""
        return {
            form.new_row: (form["title"].value() or "").strip()[:60]
            for form in self.sources.extra_forms
        }

    def is_valid(self) -> bool:
        valid = [
            self.form.is_valid(),
            self.sources.is_valid(),
            self.findings.is_valid(),
            self.problems.is_valid(),
        ]
        # Checked whatever the forms say, so that every mistake shows in one go.
        linked = [self._sources_in_use_are_kept(), self._new_sources_are_typed()]
        return all(valid) and all(linked)

    def _new_sources(self) -> dict[int, forms.ModelForm]:
        """The blank source rows that were filled in, by their number."""
        return {
            form.new_row: form
            for form in self.sources.extra_forms
            if form.has_changed() and not self.sources._should_delete_form(form)
        }

    def _new_sources_are_typed(self) -> bool:
        """A finding that names a new source row needs that row filled in."""
        typed = self._new_sources()
        kept = True
        for form in self.findings.forms:
            row = form.cleaned_data.get("new_source")
            if row is not None and row not in typed and form not in self.findings.deleted_forms:
                form.add_error(
                    "source",
                    _("%(source)s is empty. Fill it in above, or choose another source.")
                    % {"source": new_source_label(row)},
                )
                kept = False
        return kept

    def _sources_in_use_are_kept(self) -> bool:
        """A source that a kept finding rests on cannot go: say so on both, save nothing."""
        removed = {form.instance.pk: form for form in self.sources.deleted_forms}
        if not removed:
            return True
        kept = True
        for form in self.findings.forms:
            if form in self.findings.deleted_forms:
                continue
            source = form.cleaned_data.get("source")
            if source is not None and source.pk in removed:
                form.add_error("source", _("This source is being removed. Choose another source."))
                source_form = removed[source.pk]
                if "DELETE" not in source_form.errors:
                    # The error also unticks the removal, so the source stays on the page.
                    source_form.add_error(
                        "DELETE",
                        _(
                            "A finding rests on this source. Choose another source for the "
                            "finding, or remove the finding, first."
                        ),
                    )
                kept = False
        return kept

    def save(self) -> None:
        self.form.save()
        # New and changed sources first, so that a finding can rest on a source added in the
        # same save; removed sources last: a finding may move away from one in this save, and
        # the database refuses to remove a source while a finding rests on it.
        for source in self.sources.save(commit=False):
            source.save()
        typed = self._new_sources()
        for form in self.findings.forms:
            row = form.cleaned_data.get("new_source") if hasattr(form, "cleaned_data") else None
            if row is not None:
                form.instance.source = typed[row].instance
        self.findings.save()
        self.problems.save()
        for source in self.sources.deleted_objects:
            source.delete()

    @property
    def has_errors(self) -> bool:
        return bool(
            self.form.errors
            or self.sources.total_error_count()
            or self.findings.total_error_count()
            or self.problems.total_error_count()
        )


class PlaceForm(forms.ModelForm):
    class Meta:
        model = Place
        fields = ["name", "description", "latitude", "longitude"]
        field_classes = {"latitude": DecimalCommaField, "longitude": DecimalCommaField}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"name": {"required": _("Write the name of the place.")}}

    def clean(self) -> dict:
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if latitude is not None and longitude is None and "longitude" not in self.errors:
            self.add_error("longitude", _("Give the longitude too, or leave both empty."))
        if longitude is not None and latitude is None and "latitude" not in self.errors:
            self.add_error("latitude", _("Give the latitude too, or leave both empty."))
        return cleaned


# Reverse names of what points at a place and stops it from being removed: findings, survey
# questions and answers here, and promises.Activity.places (named, not imported: this app
# never imports promises).
PLACE_USES = ("findings", "activities", "survey_questions", "survey_answers")


class PlaceFormSet(RowsFormSet):
    delete_label = _("Remove this place")
    removed_message = _(
        "Someone else has removed this place meanwhile. Open the page again; the history can "
        "restore it."
    )

    def clean(self) -> None:
        super().clean()
        self._keep_places_in_use()
        self._refuse_duplicate_names()

    def _keep_places_in_use(self) -> None:
        removed = {
            form.instance.pk: form
            for form in self.initial_forms
            if form.instance.pk and self._should_delete_form(form)
        }
        if not removed:
            return
        used = Q()
        for name in PLACE_USES:
            used |= Q(**{f"{name}__isnull": False})
        in_use = Place.objects.filter(pk__in=removed).filter(used).values_list("pk", flat=True)
        for pk in set(in_use):
            # The error also unticks the removal, so the formset is invalid and nothing saved.
            removed[pk].add_error(
                "DELETE",
                _(
                    "This place cannot be removed while an activity, a finding or a survey "
                    "uses it. Choose another place there first."
                ),
            )

    def _refuse_duplicate_names(self) -> None:
        seen: set[str] = set()
        for form in self.forms:
            if self._should_delete_form(form) or not hasattr(form, "cleaned_data"):
                continue
            name = (form.cleaned_data.get("name") or "").strip()
            if not name:
                continue
            if name.casefold() in seen:
                form.add_error("name", _("The municipality already has a place by that name."))
            seen.add(name.casefold())

    def save_new(self, form: forms.ModelForm, commit: bool = True):
        # Names are unique (above) but slugs outlive a rename, so a new name may meet an old
        # slug: number it rather than refuse a name nobody can see.
        base = slugify(form.instance.name)[:190] or "plats"
        taken = set(
            Place.objects.filter(municipality=self.instance, slug__startswith=base).values_list(
                "slug", flat=True
            )
        )
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        form.instance.slug = slug
        return super().save_new(form, commit=commit)


KommunPlaces = forms.inlineformset_factory(
    Municipality,
    Place,
    form=PlaceForm,
    formset=PlaceFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
)
