"""The fields of a promise's page, its own and those of its activity rows, are written by one
template (_bootstrap_fields.html) in the markup {% crispy %} writes for them: the same labels,
classes, help texts, errors and ids, whatever the form's state. Crispy's own rendering is the
reference."""

import re

import pytest
from crispy_forms.layout import Layout
from crispy_forms.utils import render_crispy_form
from django import forms
from django.template.loader import render_to_string

from promises.activity_forms import activity_formset
from promises.bootstrap_fields import FIELDS_TEMPLATE
from promises.forms import PromiseForm, inline_helper
from promises.models import Charter
from situations.models import FocusArea, Place
from tests.promises.factories import ActivityFactory, PromiseFactory
from tests.situations.factories import FocusAreaFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def normalised(html: str) -> str:
    """HTML without the whitespace between and inside tags, which browsers ignore."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*([<>])\s*", r"\1", html).strip()


def with_crispy(form: forms.Form) -> str:
    """FORM as {% crispy %} renders it, with the plain bound field that crispy expects."""
    form.bound_field_class = forms.BoundField
    return normalised(render_crispy_form(form, inline_helper()))


def with_template(form: forms.Form) -> str:
    return normalised(render_to_string(FIELDS_TEMPLATE, {"form": form, "fields": form}))


def formset(promise, data=None, *, editable=True, can_delete=False):
    places = Place.objects.filter(municipality=promise.charter.municipality).order_by("name")
    activities = activity_formset(
        promise,
        data=data,
        prefix="activities",
        objects=list(promise.activities.order_by("order", "id")),
        form_kwargs={
            "places": places,
            "place_choices": [(place.pk, str(place)) for place in places],
            "editable": editable,
        },
        can_delete=can_delete,
    )
    if data is not None:
        activities.is_valid()
    return activities


@pytest.fixture
def promise(charter):
    promise = PromiseFactory(charter=charter)
    torget = PlaceFactory(municipality=charter.municipality, name="Torget")
    PlaceFactory(municipality=charter.municipality, name="Parken")
    activity = ActivityFactory(promise=promise, start_date="2021-03-01", dates=["2021-03-01"])
    activity.places.add(torget)
    return promise


def posted(promise, **fields) -> dict:
    """What the page posts for PROMISE's activities, with FIELDS of its first row changed."""
    activity = promise.activities.get()
    data = {
        "activities-TOTAL_FORMS": "2",
        "activities-INITIAL_FORMS": "1",
        "activities-0-id": str(activity.pk),
        "activities-0-promise": str(promise.pk),
        "activities-0-title": activity.title,
        "activities-0-kind": activity.kind,
        "activities-0-responsible_party": activity.responsible_party,
        "activities-0-repeats": "none",
        "activities-1-promise": str(promise.pk),
        "activities-1-title": "Ny aktivitet utan ansvarig",
    }
    data.update(fields)
    return data


def test_a_saved_activity_and_a_blank_row_render_as_crispy_renders_them(promise):
    saved, blank = formset(promise).forms[:2]
    assert with_template(saved) == with_crispy(formset(promise).forms[0])
    assert with_template(blank) == with_crispy(formset(promise).forms[1])
    assert 'class="textinput form-control"' in with_template(saved)
    assert "checked" in with_template(saved)  # Torget is ticked


def test_rows_with_errors_render_as_crispy_renders_them(promise):
    data = posted(
        promise,
        **{
            "activities-0-title": "",
            "activities-0-start_date": "2021-13-01",
            "activities-0-places": "999999",
            "activities-0-position": "x",
        },
    )
    mine, reference = formset(promise, data), formset(promise, data)
    for index in (0, 1):
        assert mine.forms[index].errors
        assert with_template(mine.forms[index]) == with_crispy(reference.forms[index])
    html = with_template(mine.forms[0])
    assert "is-invalid" in html
    assert "Detta fält måste fyllas i." in html


def test_a_row_that_cannot_be_changed_renders_disabled_as_crispy_renders_it(promise):
    html = with_template(formset(promise, editable=False).forms[0])
    assert html == with_crispy(formset(promise, editable=False).forms[0])
    assert " disabled" in html


def test_a_row_of_a_draft_has_its_remove_box_as_crispy_renders_it(promise):
    assert promise.charter.status == Charter.Status.DRAFT
    html = with_template(formset(promise, can_delete=True).forms[0])
    assert html == with_crispy(formset(promise, can_delete=True).forms[0])
    assert 'name="activities-0-DELETE"' in html


def test_the_blank_rows_are_numbered_copies_of_one_rendering(promise):
    activities = formset(promise)
    rows = activities.blank_rows()
    assert len(rows) == len(activities.extra_forms) == 3
    for form, html in zip(activities.extra_forms, rows, strict=True):
        assert normalised(html) == with_crispy(form_like(activities, form))
        assert "__prefix__" not in html


def form_like(activities, form):
    """A fresh copy of FORM of ACTIVITIES, for crispy to render (it changes the widgets)."""
    return formset(activities.instance).forms[activities.forms.index(form)]


def promise_form(promise, data=None, *, owners=("police", "municipality", "joint")):
    focus_choices = [(area.pk, str(area)) for area in FocusArea.objects.order_by("name")]
    form = PromiseForm(
        data,
        instance=promise,
        prefix="promise",
        owners=frozenset(owners),
        focus_choices=focus_choices,
        problems=[],
    )
    if data is not None:
        form.is_valid()
    return form


def promise_with_crispy(form: forms.Form) -> str:
    """The promise's own fields as {% crispy %} renders them with its layout."""
    form.bound_field_class = forms.BoundField
    helper = inline_helper()
    helper.layout = Layout(*PromiseForm.LAYOUT)
    return normalised(render_crispy_form(form, helper))


def promise_with_template(form: PromiseForm) -> str:
    context = {"form": form, "fields": form.layout_fields()}
    return normalised(render_to_string(FIELDS_TEMPLATE, context))


@pytest.fixture
def focus_areas():
    return [FocusAreaFactory(name="Trafik"), FocusAreaFactory(name="Synlighet")]


def test_the_promise_s_own_fields_render_as_crispy_renders_them(promise, focus_areas):
    promise.focus_areas.add(focus_areas[0])
    html = promise_with_template(promise_form(promise))
    assert html == promise_with_crispy(promise_form(promise))
    assert 'class="select form-select" required' in html
    assert "checked" in html  # Trafik is ticked
    readonly = promise_with_template(promise_form(promise, owners=()))
    assert readonly == promise_with_crispy(promise_form(promise, owners=()))
    assert " disabled" in readonly


def test_the_promise_s_own_fields_with_errors_render_as_crispy_renders_them(promise, focus_areas):
    data = {"promise-owner": "nobody", "promise-text": "", "promise-focus_areas": "999999"}
    mine, reference = promise_form(promise, data), promise_form(promise, data)
    for form in (mine, reference):
        form.add_error(None, "Ett fel som gäller hela löftet.")
    html = promise_with_template(mine)
    assert html == promise_with_crispy(reference)
    assert "Ett fel som gäller hela löftet." in html
    assert html.count("is-invalid") >= 3
