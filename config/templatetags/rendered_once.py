"""`{% rendered_once "a/partial.html" %}`: a partial whose HTML depends only on the language,
rendered once per process and language instead of on every page that shows it."""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_RENDERED: dict[tuple[str, str | None], SafeString] = {}


@register.simple_tag
def rendered_once(template_name: str) -> SafeString:
    """TEMPLATE_NAME's HTML in the active language, kept by this process.

    For a notice that every kommun page shows alike. The partial is rendered without any
    context, so nothing of a page or its reader can be in it; what it shows may come from the
    settings and the URLs, fixed while the process runs (a test that overrides a setting
    starts afresh), and from template tags that read them.
    """
    key = (template_name, translation.get_language())
    html = _RENDERED.get(key)
    if html is None:
        html = _RENDERED[key] = mark_safe(render_to_string(template_name))
    return html


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    _RENDERED.clear()
