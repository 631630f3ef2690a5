"""The form on a kommun's page to follow it by email."""

from __future__ import annotations

from functools import cached_property

from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

CHARTERS, SURVEYS = "charters", "surveys"

# An empty form's fields, by language: every kommun page shows them to every reader.
_EMPTY_FIELDS: dict[str, SafeString] = {}


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "class": "form-control"}),
        error_messages={
            "required": _("Write your email address, like namn@exempel.se."),
            "invalid": _("Write the email address like namn@exempel.se."),
            "max_length": _("Write at most %(limit_value)d characters."),
        },
    )
    follows = forms.MultipleChoiceField(
        label=_("What do you want to follow?"),
        choices=[
            (CHARTERS, _("New citizen promises, follow-up reports and reports to the council")),
            (SURVEYS, _("Surveys that open")),
        ],
        initial=[CHARTERS, SURVEYS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one thing to follow."),
            "invalid_choice": _("Choose among the alternatives shown."),
        },
    )
    language = forms.ChoiceField(
        label=_("Language of the emails"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the language of the emails."),
            "invalid_choice": _("Choose among the alternatives shown."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "follow-%s")
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = translation.get_language() or settings.LANGUAGE_CODE

    @cached_property
    def rendered_fields(self) -> SafeString:
        """The HTML of the fields (public/_subscribe_fields.html): an empty form's once per
        process and language, as the tip form's (situations.forms.public.TipForm); a form with
        data, afresh. Nothing in them is the reader's or the kommun's."""
        if self.is_bound:
            return self._render_fields()
        language = translation.get_language()
        if language not in _EMPTY_FIELDS:
            _EMPTY_FIELDS[language] = self._render_fields()
        return _EMPTY_FIELDS[language]

    def _render_fields(self) -> SafeString:
        return mark_safe(render_to_string("public/_subscribe_fields.html", {"form": self}))

    @property
    def charters(self) -> bool:
        return CHARTERS in self.cleaned_data["follows"]

    @property
    def surveys(self) -> bool:
        return SURVEYS in self.cleaned_data["follows"]
