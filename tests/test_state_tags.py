"""State tags agree with the kind's name in Latvian (issue 9, item 17)."""


def test_a_state_tag_agrees_with_the_kind_in_latvian():
    from django.utils import translation

    from cases.models import Section

    masculine = Section(kind="community_service", state="registered")
    feminine = Section(kind="supervision_conditional_sentence", state="registered")
    with translation.override("lv"):
        assert masculine.kind_label.endswith("darbs") and masculine.state_label == "reģistrēts"
        assert feminine.kind_label.endswith("notiesāšana") and feminine.state_label == "reģistrēta"
        assert Section(kind="community_service", state="closed").state_label == "slēgts"
    with translation.override("en"):
        assert masculine.state_label == "registered"
