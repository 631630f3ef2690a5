"""The public forms residents fill in without logging in."""

from __future__ import annotations

import math

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from config.lib.compiled import CompiledQuery, Later, Param
from situations.models import Municipality, Place, Tip

HONEYPOT = "website"
# The tip form's fields that are the same in every kommun, rendered empty: by language and
# whether the kommun offers a list of places (TipForm.rendered_fields).
# The kommun's places to choose from, by name (their own: the model's ordering would join the
# kommun for its name), compiled once per process.
_PLACES = CompiledQuery(
    lambda: Place.objects.filter(municipality_id=Param("municipality")).order_by("name", "id"),
    "id",
    "name",
)
_EMPTY_PLACE_LISTS: dict[tuple, SafeString] = {}
_EMPTY_TIP_FIELDS: dict[tuple[str, bool], dict[str, SafeString]] = {}

# 365.25 / 12: a year of retention is 12 months, half a year (182 days) is 6.
AVERAGE_MONTH_DAYS = 30.4375


def tip_retention_months() -> int:
    """How long tips are kept, in whole months, as the privacy notice states it.

    Rounded up: the notice says "at most N months", which must hold for every tip.
    """
    return max(1, math.ceil(settings.TIP_RETENTION_DAYS / AVERAGE_MONTH_DAYS))


def is_local_path(page: str) -> bool:
    """Whether PAGE is the path of a public page of this site, and nothing that leads away.

    Refuses absolute and scheme-relative URLs ("//evil.example"), backslashes that browsers
    read as slashes, query strings, fragments, and paths that no public view answers.
    """
    if not page.startswith("/") or page.startswith("//"):
        return False
    if any(char in page for char in "\\?#") or any(
        char.isspace() or not char.isprintable() for char in page
    ):
        return False
    if not url_has_allowed_host_and_scheme(page, allowed_hosts=None):
        return False
    try:
        match = resolve(page)
    except Resolver404:
        return False
    return "admin" not in match.namespaces


class TipForm(forms.ModelForm):
    """Views, a tip or an idea for a municipality, with optional place and contact details.

    The HONEYPOT field is hidden from people (see _tip_form.html); only a bot fills it in.
    """

    message = forms.CharField(
        label=_("Your message"),
        max_length=Tip.MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Write your views, tip or idea in the text box."),
            "max_length": _(
                "The message is too long: at most %(limit_value)d characters, "
                "and yours has %(show_value)d. Shorten it and send it again."
            ),
        },
    )
    place_text = forms.CharField(
        label=_("Describe the place"),
        required=False,
        max_length=200,
        help_text=_("For example a street, a square or a stop."),
        error_messages={
            "max_length": _("Describe the place in at most %(limit_value)d characters."),
        },
    )
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": _("Write at most %(limit_value)d characters.")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _(
                "Write the email address like namn@exempel.se, or leave the field empty."
            ),
            "max_length": _("Write at most %(limit_value)d characters."),
        },
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ()\-]{4,}$",
                _(
                    "Write the phone number with digits, for example 070-123 45 67, "
                    "or leave the field empty."
                ),
                code="invalid_phone",
            )
        ],
        error_messages={"max_length": _("Write at most %(limit_value)d characters.")},
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = Tip
        fields = ["message", "place", "place_text", "name", "email", "phone"]

    def __init__(
        self,
        *args,
        municipality: Municipality,
        places: list[tuple[int, str]] | None = None,
        **kwargs,
    ) -> None:
        """PLACES: the kommun's, as read by places_of() with the page's other reads; read
        here when not given."""
        kwargs.setdefault("auto_id", "tip-%s")
        super().__init__(*args, **kwargs)
        self.municipality = self.instance.municipality = municipality
        # Residents paste long texts; a maxlength attribute would cut them off without a word.
        self.fields["message"].widget.attrs.pop("maxlength", None)
        self.fields["message"].help_text = _(
            "What have you seen, and what could make the place safer? At most "
            "%(limit)d characters. Please do not write other people's names."
        ) % {"limit": Tip.MESSAGE_MAX_LENGTH}

        self._offer_places(municipality, places)
        for name, field in self.fields.items():
            if name != HONEYPOT:
                select = isinstance(field.widget, forms.Select)
                field.widget.attrs["class"] = "form-select" if select else "form-control"

    # The fields whose HTML is the same in every kommun, the place list being the only one
    # that is not (the label of PLACE_TEXT depends only on whether there is a list).
    SHARED_FIELDS = ("message", "place_text", "name", "email", "phone")

    @cached_property
    def rendered_fields(self) -> dict[str, SafeString]:
        """The HTML of SHARED_FIELDS as public/_field.html lays them out, and of the honeypot
        input, by name.

        Every kommun page shows the empty form to every reader, so an empty form's are
        rendered once per process, language and kind (with or without the place list) rather
        than through the widgets' templates on each render; a form with data, afresh. Nothing
        in them is the reader's: the CSRF token is outside them (config.lib.cache splices it).
        """
        if self.is_bound:
            return self._render_shared_fields()
        key = (translation.get_language(), "place" in self.fields)
        if key not in _EMPTY_TIP_FIELDS:
            _EMPTY_TIP_FIELDS[key] = self._render_shared_fields()
        return _EMPTY_TIP_FIELDS[key]

    @cached_property
    def rendered_place(self) -> SafeString:
        """The HTML of the place list as public/_field.html lays it out: an empty form's once
        per process, language and list of places, as rendered_fields ("" when the kommun has
        no places)."""
        if "place" not in self.fields:
            return mark_safe("")
        if self.is_bound:
            return self._render_field("place")
        key = (translation.get_language(), self._places, self["place"].value())
        if key not in _EMPTY_PLACE_LISTS:
            if len(_EMPTY_PLACE_LISTS) >= 1000:  # places added or renamed: start afresh
                _EMPTY_PLACE_LISTS.clear()
            _EMPTY_PLACE_LISTS[key] = self._render_field("place")
        return _EMPTY_PLACE_LISTS[key]

    def _render_field(self, name: str) -> SafeString:
        return mark_safe(render_to_string("public/_field.html", {"field": self[name]}))

    def _render_shared_fields(self) -> dict[str, SafeString]:
        rendered = {name: self._render_field(name) for name in self.SHARED_FIELDS}
        rendered[HONEYPOT] = self[HONEYPOT].as_widget()
        return rendered

    @staticmethod
    def places_of(municipality: Municipality) -> Later:
        """The query of MUNICIPALITY's places to choose from, to run with others
        (config.lib.compiled.together) and give the form as PLACES."""
        return _PLACES.later("rows", municipality=municipality.pk)

    def _offer_places(
        self, municipality: Municipality, places: list[tuple[int, str]] | None
    ) -> None:
        # Load the places once here, so rendering the list costs no further query.
        choices = _PLACES.rows(municipality=municipality.pk) if places is None else places
        self._places = tuple(choices)
        if not choices:
            del self.fields["place"]
            return
        field = self.fields["place"]
        if self.is_bound:  # the choice is checked against these
            field.queryset = Place.objects.filter(municipality=municipality)
        field.choices = [("", _("No particular place")), *choices]
        field.label = _("Choose a place")
        field.help_text = ""
        field.error_messages["invalid_choice"] = _(
            "Choose one of the places in %(municipality)s in the list, or describe the place "
            "in your own words."
        ) % {"municipality": municipality.name}
        self.fields["place_text"].label = _("Or describe the place")

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"

    @property
    def is_from_bot(self) -> bool:
        """Whether the hidden HONEYPOT field was filled in, which only a bot does."""
        return bool(self.data.get(self.add_prefix(HONEYPOT), "").strip())

    @property
    def retention_months(self) -> int:
        """What the form's privacy notice promises: tips are deleted after this many months."""
        return tip_retention_months()


class PageFeedbackForm(forms.Form):
    """One answer to "Did the information help you?" about a page of this site."""

    page = forms.CharField(max_length=300)
    answer = forms.ChoiceField(choices=[("ja", _("Yes")), ("nej", _("No"))])

    def clean_page(self) -> str:
        page = self.cleaned_data["page"]
        if not is_local_path(page):
            raise forms.ValidationError(_("The page must be a page on this site."))
        return page

    @property
    def helpful(self) -> bool:
        return self.cleaned_data["answer"] == "ja"
