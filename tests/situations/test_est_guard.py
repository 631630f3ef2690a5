"""EST describes places and situations, never people: a description with what looks like a
personnummer, a phone number or an email address is refused, and ordinary numbers pass.
"""

import pytest
from django.core.exceptions import ValidationError

from situations.validators import personal_data_kind, validate_no_personal_data


@pytest.mark.parametrize(
    "text",
    [
        "Han som alltid står där heter 850101-1234",
        "19850101-1234 var där igen",
        "198501011234",
        "8501011234 sågs vid torget",
        "samordningsnummer 850161-1234",
        "en person född 120101+1234",
        "20121231-9876",
    ],
)
def test_a_personal_identity_number_is_refused(text):
    assert personal_data_kind(text) == "personal_number"


@pytest.mark.parametrize(
    "text",
    [
        "ring 070-123 45 67",
        "0701234567",
        "072-1234567",
        "070 123 45 67",
        "+46 70 123 45 67",
        "+46701234567",
        "0046 70 1234567",
        "08-123 456 78",
        "0533-123 45",
        "031-12 34 56",
        "+46 (0)8 123 45 67",
        "+46 8 123 456 78",
        "0522123456",
    ],
)
def test_a_phone_number_is_refused(text):
    assert personal_data_kind(text) == "phone_number"


@pytest.mark.parametrize(
    "text",
    ["mejla kalle@example.se", "a.b+c@skola.essunga.se", "info@bostad-bolaget.com"],
)
def test_an_email_address_is_refused(text):
    assert personal_data_kind(text) == "email"


@pytest.mark.parametrize(
    "text",
    [
        "År 2024 vecka 12 var det lugnt",
        "kl 22-23 samlades ett tiotal ungdomar",
        "kl 08-22",
        "10-15 ungdomar",
        "2024-03-15",
        "ca 100 st",
        "1 000 kr",
        "2 500 kronor i skador",
        "öppet 0800-2200",
        "kl. 2200-0200",
        "01-02-2024",
        "buss 700 och väg 45 vid E18",
        "3 personer vid 23.30",
        "kl 22.00–02.00",
        "säsongen 2023/2024",
        "20240315",
        "vecka 47 2026",
        "postnummer 462 30",
        "5 av 12 lampor trasiga",
        "070",
        "på @ skylten",
        "12345678",
        "",
    ],
)
def test_ordinary_numbers_and_text_pass(text):
    assert personal_data_kind(text) is None
    validate_no_personal_data(text)


def test_the_message_explains_that_est_describes_places_and_situations_not_people():
    with pytest.raises(ValidationError) as error:
        validate_no_personal_data("ring 070-123 45 67")
    assert error.value.code == "phone_number"
    assert "EST describes places and situations, not people" in error.value.messages[0]
