"""The workspace forms of collaboration agreements: the agreement with its document, its
signatories, and the charter linked to it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from config.lib.editing import EXTRA_ROWS, GuardedInlineFormSet
from promises.documents import check_upload
from promises.forms import DATE, SignatoryForm, inline_helper
from promises.models import Charter, CollaborationAgreement, Signatory
from situations.models import Municipality, PoliceArea

AgreementSignatoryFormSet = inlineformset_factory(
    CollaborationAgreement,
    Signatory,
    fk_name="agreement",
    form=SignatoryForm,
    formset=GuardedInlineFormSet,
    extra=EXTRA_ROWS,
    can_delete=True,
    can_delete_extra=False,
)


class CheckedDocument(forms.ModelForm):
    """A form of an agreement whose uploaded document is checked by its content and size
    (promises.documents), and typed by what it was found to be: the workspace's and the
    admin's."""

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if isinstance(document, UploadedFile):
            self.instance.document_type = check_upload(document)
        elif not document:
            self.instance.document_type = ""
        return document


# What a person enters of an agreement, in the workspace and in the admin alike.
AGREEMENT_FIELDS = [
    "title",
    "municipalities",
    "police_area",
    "period_start",
    "period_end",
    "signed_on",
    "description",
    "document",
    "document_url",
]


class AgreementAdminForm(CheckedDocument):
    class Meta:
        model = CollaborationAgreement
        fields = AGREEMENT_FIELDS


class AgreementForm(CheckedDocument):
    """A collaboration agreement: its parties, period, texts and document (file or link).

    MUNICIPALITIES and POLICE_AREAS are what the user may choose: the kommuner of the LPOs
    that cover a kommun they coordinate or an LPO they manage, and those LPOs (promises.
    permissions.agreement_choices). A kommun or an LPO with a charter linked to the agreement
    stays, so that no charter is left under an agreement that does not include it.
    """

    class Meta:
        model = CollaborationAgreement
        fields = AGREEMENT_FIELDS
        widgets = {
            "municipalities": forms.CheckboxSelectMultiple,
            "period_start": DATE,
            "period_end": DATE,
            "signed_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "document": forms.ClearableFileInput(
                attrs={
                    "accept": ".pdf,.odt,.docx,application/pdf,"
                    "application/vnd.oasis.opendocument.text,"
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                }
            ),
        }
        help_texts = {
            "title": _("For example Samverkansöverenskommelse Säffle 2024–2027."),
            "municipalities": _("The municipalities that signed the agreement."),
        }

    def __init__(
        self,
        *args,
        municipalities,
        police_areas,
        may_choose: Callable[[Iterable[Municipality], PoliceArea | None], bool],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = municipalities
        self.fields["police_area"].queryset = police_areas
        self.may_choose = may_choose
        self.fields["document"].help_text = _(
            "The signed agreement as a PDF, ODT or DOCX file of at most %(limit)s MB."
        ) % {"limit": settings.AGREEMENT_MAX_UPLOAD_MB}
        self.fields["document"].label = _("Upload the document")
        self.helper = inline_helper()

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("municipalities")
        area = cleaned.get("police_area")
        if chosen is not None and area is not None:
            covered = set(area.municipalities.values_list("pk", flat=True))
            outside = [place.name for place in chosen if place.pk not in covered]
            if outside:
                self.add_error(
                    "municipalities",
                    _("The local police area does not cover %(names)s.")
                    % {"names": ", ".join(outside)},
                )
        if chosen is not None and not self.may_choose(chosen, area):
            self.add_error(
                "municipalities",
                _(
                    "Choose at least one municipality you coordinate, or the local police "
                    "area you manage: otherwise you could not change the agreement afterwards."
                ),
            )
        if self.instance.pk and chosen is not None:
            self._check_charters(chosen, area)
        if cleaned.get("document") and cleaned.get("document_url"):
            self.add_error("document_url", _("Give a link or upload the file, not both."))
        return cleaned

    def _check_charters(self, chosen, area) -> None:
        """A linked charter's kommun and LPO stay in the agreement (Charter.clean asks it)."""
        kept = {municipality.pk for municipality in chosen}
        for charter in self.instance.charters.select_related("municipality"):
            if charter.municipality_id not in kept:
                self.add_error(
                    "municipalities",
                    _(
                        "%(charter)s is linked to this agreement: unlink it before you remove "
                        "%(municipality)s."
                    )
                    % {"charter": charter.title, "municipality": charter.municipality.name},
                )
            elif area is not None and charter.police_area_id != area.pk:
                self.add_error(
                    "police_area",
                    _(
                        "%(charter)s of %(municipality)s is linked to this agreement and was "
                        "made with another local police area."
                    )
                    % {"charter": charter.title, "municipality": charter.municipality.name},
                )


class AgreementCharterForm(forms.Form):
    """Link a charter to an agreement, or unlink it: the choices are the charters the user may
    link (promises.permissions.linkable_charters)."""

    charter = forms.ModelChoiceField(
        queryset=Charter.objects.none(),
        label=_("Citizen promise"),
        empty_label=_("Choose a citizen promise"),
        error_messages={
            "required": _("Choose the citizen promise to link."),
            "invalid_choice": _(
                "That citizen promise cannot be linked to this agreement: it belongs to "
                "another municipality or local police area, or you may not change it."
            ),
        },
    )

    def __init__(self, *args, charters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["charter"].queryset = charters
        self.fields["charter"].label_from_instance = lambda charter: (
            f"{charter.title} – {charter.municipality.name} ({charter.get_status_display()})"
        )
