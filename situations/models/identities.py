from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExternalIdentity(models.Model):
    """A user's identity at a single sign-on provider: the provider's subject, once matched.

    Made the first time someone signs in with a verified email address that belongs to an
    active user; from then on the subject alone finds the user, even if the address changes.
    The administrator may add one by hand for someone whose provider sends no verified address.
    """

    provider = models.CharField(
        _("provider"),
        max_length=50,
        help_text=_("The key of the sign-on provider in the settings, e.g. “saffle”."),
    )
    subject = models.CharField(
        _("subject"),
        max_length=255,
        help_text=_("The provider's unchanging identifier of the person (the “sub” claim)."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="external_identities",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("linked"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["provider", "subject", "id"]
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"],
                name="situations_externalidentity_unique_subject",
                violation_error_message=_("This identity is already linked to a user."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.subject}"
