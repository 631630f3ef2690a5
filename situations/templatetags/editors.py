"""Template tags of the workspace editors."""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

TEXTAREA = re.compile(r"(<textarea\b[^>]*>.*?</textarea>)", re.DOTALL | re.IGNORECASE)
AFTER_TAG = re.compile(r">\s+")
BEFORE_TAG = re.compile(r"\s+<")
IN_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\s+")


def compact(html: str) -> str:
    """HTML with every run of whitespace next to a tag made one space, except in a textarea,
    whose text is what the user typed.

    Safe because escaped text holds no raw < or >: a value with two spaces keeps them.
    """
    parts = TEXTAREA.split(html)
    for index in range(0, len(parts), 2):  # the even parts are outside textareas
        part = AFTER_TAG.sub("> ", parts[index])
        part = BEFORE_TAG.sub(" <", part)
        parts[index] = IN_TAG.sub(r"<\1 ", part)
    return "".join(parts).strip()


class CompactNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        return mark_safe(compact(self.nodelist.render(context)))


@register.tag
def compactspaces(parser: template.base.Parser, token: template.base.Token) -> CompactNode:
    """{% compactspaces %}…{% endcompactspaces %}: the forms of an editor without the blank
    lines of crispy's field templates, a third of a page's weight."""
    nodelist = parser.parse(("endcompactspaces",))
    parser.delete_first_token()
    return CompactNode(nodelist)
