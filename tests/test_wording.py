from sounding.wording import listed


def test_a_list_is_named_as_a_sentence_names_it():
    """A module survey's note had read "in Arabic and Chinese and Spanish"."""
    assert listed([]) == ""
    assert listed(["Welsh"]) == "Welsh"
    assert listed(["Arabic", "Chinese"]) == "Arabic and Chinese"
    assert listed(["Arabic", "Chinese", "Spanish"]) == "Arabic, Chinese and Spanish"
