"""The review dashboard's rows write what people typed escaped once: never raw, never twice.

The small world is test_review_dashboard.py's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from promises.models import Activity
from tests.followups.test_review_dashboard import YEAR, data, get, period
from tests.helpers import WEDNESDAY_NOON

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]
__all__ = ["data"]  # the fixture of the world below


def test_the_rows_write_titles_and_names_escaped_once(client, world, data):
    Activity.objects.filter(pk=data.a1q1.activity_id).update(title='Vakt & "lugn" <natt>')
    type(world.municipality).objects.filter(pk=world.municipality.pk).update(name="Kommun <A>")

    page = get(client, world.police, round=period(1)).content.decode()

    link = reverse("followups:follow_up", kwargs={"pk": data.a1q1.pk})
    (row,) = [row for row in page.split("<tr>") if f'<a href="{link}' in row]
    title, kommun = "Vakt &amp; &quot;lugn&quot; &lt;natt&gt;", "Kommun &lt;A&gt;"
    assert f">Välj uppföljningen av {title}, {kommun}, Kvartal 1 {YEAR}</span>" in row
    assert f">{title}</a>" in row
    assert f"<td>{kommun}</td>" in row
    assert "<natt>" not in page and "<A>" not in page and "&amp;amp;" not in page
