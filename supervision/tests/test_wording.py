"""Latvian wording where another app translates the same English word differently (msgid context)."""

from django.utils import translation

from supervision.catalogue import APPOINTMENT_KINDS


def test_a_phone_appointment_reads_as_a_way_of_contact() -> None:
    with translation.override("lv"):
        assert str(APPOINTMENT_KINDS["phone"]) == "pa tālruni"  # accounts' "phone" is the number: "tālrunis"
    with translation.override("en"):
        assert str(APPOINTMENT_KINDS["phone"]) == "phone"
