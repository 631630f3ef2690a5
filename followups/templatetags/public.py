"""Template tags of the public site: a charter as residents read it, and the settings the
static pages (privacy, accessibility) state. None of them queries."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString

from situations.forms.public import tip_retention_months as retention_months

register = template.Library()


@register.simple_tag
def tip_retention_months() -> int:
    """How long tips are kept, in whole months, as the tip form's notice states it."""
    return retention_months()


@register.simple_tag
def site_contact_email() -> str:
    """Where residents write about accessibility and personal data."""
    return settings.SITE_CONTACT_EMAIL


@register.simple_tag(takes_context=True)
def charter_body(context: template.Context) -> SafeString:
    """The charter of the page (context: page, municipality, progress_formula; on the kommun
    page open_surveys, tip_form and archived), rendered by Jinja2 from
    templates/jinja2/public/_charter_body.html: the hottest template of the public site
    (config/lib/jinja.py). Its few indicator charts are Django's, shared with the workspace."""
    page = context["page"]
    body = get_template("public/_charter_body.html", using="jinja2")
    return SafeString(
        body.render(
            {
                "page": page,
                "municipality": context["municipality"],
                "progress_formula": context["progress_formula"],
                # Only the public read names the agreement's kommuner (reads.PUBLIC_CHARTERS):
                # the workspace's preview shows the agreement without them.
                "agreement_municipalities": getattr(page.charter, "agreement_municipalities", ""),
                "indicators": [
                    render_to_string("public/_indicator.html", {"indicator": indicator})
                    for indicator in page.indicators
                ],
                "open_surveys": context.get("open_surveys"),
                "tip_form": context.get("tip_form"),
                "archived": context.get("archived"),
            },
            context.get("request"),
        )
    )


@register.simple_tag
def subscription_confirm_days() -> int:
    """How long a link to confirm following a kommun is valid, and an unconfirmed address kept."""
    return settings.SUBSCRIPTION_CONFIRM_DAYS
