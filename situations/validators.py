"""Guards on what staff may write into EST reports: places and situations, never named people
(docs/design.md, private by design).

A description that holds what looks like a personnummer or samordningsnummer, a Swedish phone
number or an email address is refused. The patterns are deliberately narrow so that the numbers
a description of a place needs (years, weeks, times such as "kl 22-23", counts) pass.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# YYMMDD or YYYYMMDD, then - or + (over 100 years old) or nothing, then four digits. The day
# may be 61–91: a samordningsnummer adds 60 to it.
PERSONAL_NUMBER = re.compile(
    r"(?<![\d])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
    r"[-+]?\d{4}(?![\d])"
)
# A mobile number: 07x then seven digits, with or without spaces and dashes between them.
MOBILE = re.compile(r"(?<![\d+])(?:\+46|0046|0)[ -]?(?:\(0\)[ -]?)?7\d(?:[ -]?\d){7}(?![\d])")
# Any number with an area code: 0 and one to three digits, a dash or a space, then a
# subscriber number of five to eight digits (times such as 0800-2200 have only four).
LANDLINE = re.compile(
    r"(?<![\d+])(?:(?:\+46|0046)[ -]?(?:\(0\)[ -]?)?|0)[1-9]\d{0,2}[ -]\d(?: ?\d){4,7}(?![\d])"
)
# Ten digits starting with 0, written without any separator.
PLAIN_NUMBER = re.compile(r"(?<![\d+])0[1-9]\d{8}(?![\d])")
INTERNATIONAL = re.compile(r"(?<![\d])(?:\+46|0046) ?[1-9]\d{6,9}(?![\d])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

MESSAGES = {
    "personal_number": _(
        "The description contains what looks like a personal identity number. EST describes "
        "places and situations, not people: remove it and describe what happened instead."
    ),
    "phone_number": _(
        "The description contains what looks like a phone number. EST describes places and "
        "situations, not people: remove it and describe what happened instead."
    ),
    "email": _(
        "The description contains what looks like an email address. EST describes places and "
        "situations, not people: remove it and describe what happened instead."
    ),
}


def personal_data_kind(text: str) -> str | None:
    """The kind of personal data TEXT seems to hold, as a key of MESSAGES, or None."""
    if EMAIL.search(text):
        return "email"
    # A mobile number such as 0701234567 also has the shape of a personnummer; call it what
    # it most likely is.
    if MOBILE.search(text):
        return "phone_number"
    if PERSONAL_NUMBER.search(text):
        return "personal_number"
    if any(p.search(text) for p in (LANDLINE, PLAIN_NUMBER, INTERNATIONAL)):
        return "phone_number"
    return None


def validate_no_personal_data(text: str) -> None:
    """Refuse a text that names a person by number or address (see the module docstring)."""
    kind = personal_data_kind(text or "")
    if kind is not None:
        raise ValidationError(MESSAGES[kind], code=kind)


# A free-text survey answer is checked more narrowly than an EST description: a resident may
# write any number, so only one that passes the personnummer's check digit is refused.
#
# Ten or twelve digits, optionally with - or + before the last four: 8112189876,
# 811218-9876, 19811218-9876. The Luhn check digit tells a personnummer (or a
# samordningsnummer, whose day is +60) from other long numbers.
PERSONNUMMER = re.compile(r"(?<!\d)(?:19|20)?(\d{6})\s?[-+]?\s?(\d{4})(?!\d)")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def contains_personnummer(text: str) -> bool:
    """Whether TEXT holds something that reads as a Swedish personnummer."""
    for match in PERSONNUMMER.finditer(text or ""):
        digits = match.group(1) + match.group(2)
        month, day = int(digits[2:4]), int(digits[4:6])
        if 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91) and _luhn_ok(digits):
            return True
    return False
