"""A row of the round's page as the tag entry_form draws it (followups/templatetags/workspace.py):
the row's errors, its fields with their labels and values escaped, its errors linked to their
fields, and the box that keeps a suggestion. The forms are drawn without the page around them.
"""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from followups.forms import ActivityFollowUpForm, PromiseFollowUpForm
from followups.models import FollowUp

PREFIX = "activity-1"


def drawn(form) -> str:
    return Template("{% load workspace %}{% entry_form form %}").render(Context({"form": form}))


def activity_form(data=None, **kwargs) -> ActivityFollowUpForm:
    kwargs.setdefault("instance", FollowUp())
    return ActivityFollowUpForm(data, prefix=PREFIX, **kwargs)


def test_a_row_without_a_status_offers_the_blank_choice_first_in_swedish():
    with translation.override("sv"):
        html = drawn(activity_form())
    assert '<label class="col-sm-5">Status<select name="activity-1-status">' in html
    assert html.count("<option") == 6
    assert '<option value="" selected>– välj –</option>' in html
    assert '<option value="done">genomförd</option>' in html


def test_a_status_once_chosen_is_selected_and_the_blank_choice_left_out():
    with translation.override("sv"):
        html = drawn(activity_form(instance=FollowUp(status="done")))
    assert '<option value="done" selected>genomförd</option>' in html
    assert 'value=""' not in html


def test_the_labels_and_choices_follow_the_language_of_each_page():
    with translation.override("en"):
        english = drawn(activity_form())
    with translation.override("sv"):
        swedish = drawn(activity_form())
    assert "– choose –" in english and "– välj –" not in english
    assert "– välj –" in swedish and "– choose –" not in swedish


def test_texts_and_addresses_are_escaped_and_a_leading_line_break_kept():
    follow_up = FollowUp(
        status="ongoing",
        narrative_internal='\nRad <b>två</b> & "tre"',
        evidence_url="https://example.se/?a=1&b=2",
    )
    html = drawn(activity_form(instance=follow_up))
    assert (
        '<textarea name="activity-1-narrative_internal">\n\n'
        "Rad &lt;b&gt;två&lt;/b&gt; &amp; &quot;tre&quot;</textarea>"
    ) in html
    assert (
        '<input type="url" name="activity-1-evidence_url" value="https://example.se/?a=1&amp;b=2">'
    ) in html
    assert "<b>" not in html


def test_an_error_is_said_under_its_field_in_swedish_and_linked_to_it():
    data = {f"{PREFIX}-narrative_internal": "Något gjordes.", f"{PREFIX}-evidence_url": "adress"}
    with translation.override("sv"):
        form = activity_form(data)
        assert not form.is_valid()
        html = drawn(form)
    field = f"{PREFIX}-evidence_url"
    assert (
        f'<div class="col-12"><label>Länk till underlag<input type="url" name="{field}" '
        f'value="adress" id="{field}" aria-invalid="true" aria-describedby="{field}_error">'
        f'</label><p class="invalid-feedback d-block mb-0" id="{field}_error">'
    ) in html
    assert "Välj aktivitetens status." in html
    assert 'value="Något gjordes."' not in html  # a text is written in its textarea
    assert ">\nNågot gjordes.</textarea>" in html


@pytest.mark.django_db  # the model's constraints are checked against the database
def test_an_error_of_the_row_as_a_whole_comes_first_escaped():
    form = activity_form({f"{PREFIX}-status": "done"})
    assert form.is_valid()
    form.add_error(None, "Någon annan sparade <raden>.")
    html = drawn(form)
    assert html.startswith(
        '<div class="invalid-feedback d-block mb-2">'
        '<p class="mb-0">Någon annan sparade &lt;raden&gt;.</p></div><div class="row g-2">'
    )


def test_a_suggestion_has_the_box_that_keeps_it_ticked_once_it_was_ticked():
    carried = FollowUp(assessment="ongoing", narrative_internal="På väg.")
    with translation.override("sv"):
        suggested = drawn(
            PromiseFollowUpForm(instance=FollowUp(), prefix="promise-1", carried=carried)
        )
        kept = drawn(
            PromiseFollowUpForm(
                {
                    "promise-1-assessment": "ongoing",
                    "promise-1-narrative_internal": "På väg.",
                    "promise-1-keep": "on",
                },
                instance=FollowUp(),
                prefix="promise-1",
                carried=carried,
            )
        )
    box = (
        '<label class="entry-keep"><input type="checkbox" name="promise-1-keep"%s> '
        "Stämmer fortfarande: spara för den här omgången</label>"
    )
    assert suggested.endswith(box % "")
    assert '<option value="ongoing" selected>' in suggested
    assert kept.endswith(box % " checked")


def test_a_row_that_suggests_nothing_has_no_box_to_keep():
    assert "entry-keep" not in drawn(activity_form())
