"""Every translatable string of the project has a Swedish translation.

Message ids are extracted the way xgettext does (calls to the gettext family in Python files, and
in templates after Django's templatize()), so the check needs no gettext tools on the machine.
"""

import ast
import io
import tokenize
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
SOURCE_DIRS = ["config", "situations", "promises", "followups"]
PO_FILE = ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")

# Keyword -> positions of (context, singular) among the string arguments.
KEYWORDS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}


def string_arguments(tokens: list[tokenize.TokenInfo], start: int) -> list[str | None]:
    """The leading arguments of the call opening at tokens[start]; None for a non-literal."""
    arguments: list[str | None] = []
    current: str | None = ""
    depth = 0
    for token in tokens[start:]:
        if token.type in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            continue
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
            if depth > 1:
                current = None
            continue
        if token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
            if depth == 0:
                arguments.append(current)
                return arguments
            continue
        if depth == 1 and token.type == tokenize.OP and token.string == ",":
            arguments.append(current)
            current = ""
            continue
        if depth == 1 and token.type == tokenize.STRING and current is not None:
            current += ast.literal_eval(token.string)
        elif depth >= 1:
            current = None
    return arguments


def extract(source: str) -> set[tuple[str | None, str]]:
    """(context, msgid) pairs of every gettext-family call with literal arguments."""
    messages = set()
    tokens = [
        token
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type != tokenize.ERRORTOKEN
    ]
    for index, token in enumerate(tokens[:-1]):
        following = tokens[index + 1]
        if (
            token.type == tokenize.NAME
            and token.string in KEYWORDS
            and following.string == "("
            and (index == 0 or tokens[index - 1].string not in {".", "def"})
        ):
            context_at, msgid_at = KEYWORDS[token.string]
            arguments = string_arguments(tokens, index + 1)
            if len(arguments) <= msgid_at or not arguments[msgid_at]:
                continue
            context = arguments[context_at] if context_at is not None else None
            messages.add((context, arguments[msgid_at]))
    return messages


def project_messages() -> dict[tuple[str | None, str], str]:
    """Every (context, msgid) in the project's code and templates, with where it is."""
    found = {}
    files = [
        path
        for directory in SOURCE_DIRS
        for path in (ROOT / directory).rglob("*.py")
        if "migrations" not in path.parts
    ]
    for path in files:
        for message in extract(path.read_text(encoding="utf-8")):
            found.setdefault(message, str(path.relative_to(ROOT)))
    templates = list((ROOT / "templates").rglob("*.html")) + list(
        (ROOT / "templates").rglob("*.txt")
    )
    for path in templates:
        source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for message in extract(source):
            found.setdefault(message, str(path.relative_to(ROOT)))
    return found


def catalog() -> polib.POFile:
    return polib.pofile(str(PO_FILE))


def test_the_extractor_finds_gettext_calls_in_python_and_templates():
    python = 'x = _("One")\ny = pgettext_lazy("month", "May")\nz = ngettext("a", "b", n)\n'
    assert extract(python) == {(None, "One"), ("month", "May"), (None, "a")}
    template = (
        '{% load i18n %}{% translate "Hello" %}'
        "{% blocktranslate %}Hi {{ x }}{% endblocktranslate %}"
    )
    assert extract(templatize(template)) == {(None, "Hello"), (None, "Hi %(x)s")}


def test_every_project_message_has_a_swedish_translation():
    entries = {(entry.msgctxt, entry.msgid): entry for entry in catalog()}
    missing = [
        f"{where}: {msgid!r}"
        for (context, msgid), where in sorted(project_messages().items(), key=str)
        if (context, msgid) not in entries
        or not entries[context, msgid].translated()
        or "fuzzy" in entries[context, msgid].flags
    ]
    assert not missing, "Untranslated (run `make messages`, then translate):\n" + "\n".join(
        missing
    )


def test_the_compiled_catalog_matches_the_po_file():
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in polib.mofile(str(MO_FILE))}
    for entry in catalog().translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, (
            f"{entry.msgid!r} is not compiled: run `make messages`"
        )


@pytest.mark.parametrize(
    ("english", "swedish"),
    [
        ("citizen promise", "medborgarlöfte"),
        ("situation report", "lägesbild"),
        ("local police area", "lokalpolisområde"),
    ],
)
def test_the_interface_is_swedish_by_default(english, swedish):
    assert settings.LANGUAGE_CODE == "sv"
    with translation.override(settings.LANGUAGE_CODE):
        assert translation.gettext(english) == swedish
