from sounding.consult.duplicates import (
    DuplicateFinder,
    added_own_words,
    own_words_key,
    shingles,
)
from sounding.consult.normalise import dedup_key

TEMPLATE = (
    "I am writing to object to these proposals in the strongest terms. They would harm "
    "small shops on our high street, push traffic into residential roads and make life "
    "harder for disabled people who rely on their cars. Please think again."
)


def keys(texts):
    return [dedup_key(t) for t in texts]


def test_exact_duplicates_group_after_normalisation():
    groups = DuplicateFinder().find(keys(["I agree.", "i AGREE", "Something else entirely"]))
    assert [g.members for g in groups] == [(0, 1)]
    assert groups[0].representative == 0


def test_near_identical_letters_form_one_group_with_the_commonest_wording_as_template():
    texts = [
        "Short unrelated answer about buses",
        TEMPLATE.replace("our high street", "the high street in Leeds"),
        TEMPLATE,
        TEMPLATE,
        "As a wheelchair user I feel strongly about this. " + TEMPLATE,
        TEMPLATE.replace(" Please think again.", ""),
    ]
    groups = DuplicateFinder(threshold=0.7).find(keys(texts))
    assert len(groups) == 1
    group = groups[0]
    assert group.members == (1, 2, 3, 4, 5)
    assert group.representative == 2  # first copy of the most common wording
    assert group.template == dedup_key(TEMPLATE)
    own = [added_own_words(dedup_key(texts[i]), group.template) for i in group.members]
    assert own == [False, False, False, True, False]


def test_a_signature_and_an_address_are_no_words_of_ones_own():
    """A local plan's campaign had "78 with own words added", 24 of them only signed."""
    template = own_words_key(TEMPLATE)
    signed = TEMPLATE + "\nYours faithfully,\nCarol Dixon\n12 Church Street, Leeds, LS1 7QD"
    assert not added_own_words(own_words_key(signed), template)
    meant = TEMPLATE + " My son was clipped by a van mirror on this road last week."
    assert added_own_words(own_words_key(meant), template)


def test_short_similar_answers_are_not_joined_unless_identical():
    texts = ["I support this plan", "I support this idea", "I do not support this plan"]
    assert DuplicateFinder(threshold=0.5).find(keys(texts)) == []


def test_grouping_is_deterministic():
    texts = [TEMPLATE + f" Signed {name}." for name in ("Ann", "Bob", "Cat", "Dan")] + ["Other"]
    first = DuplicateFinder().find(keys(texts))
    assert first == DuplicateFinder().find(keys(texts))
    assert first[0].members == (0, 1, 2, 3)


def test_copies_of_one_letter_that_vary_in_several_places_form_one_group():
    """A campaign's copies fill in their own place names: two copies may differ too much to
    match each other, yet a third that shares a place with each joins them all into one
    letter, not two campaigns."""
    letter = (
        "I am writing as a resident of {town} to object to the closure of the library on "
        "{street}. Families, schoolchildren and older people rely on it every week for books, "
        "computers, warmth and company, and the nearest other branch is {far} away."
    )
    first = letter.format(town="Little Haywood", street="Church Lane", far="two bus rides")
    second = letter.format(town="Great Barford", street="Mill Road", far="an hour's walk")
    bridge = letter.format(town="Little Haywood", street="Mill Road", far="an hour's walk")
    assert not DuplicateFinder()._same_letter(
        shingles(dedup_key(first)), shingles(dedup_key(second))
    )
    groups = DuplicateFinder().find(keys([first, first, first, second, second, bridge]))
    assert [g.members for g in groups] == [(0, 1, 2, 3, 4, 5)]


def test_the_template_is_what_the_copies_share_not_one_copys_other_points():
    """Answers joined through one sentence they all hold are coded with the template's
    themes: the template is that sentence's answer, not a longer one that adds its own."""
    shared = (
        "The problem is the minority who speed, and they won't take any notice of a new "
        "limit unless there are cameras."
    )
    texts = [
        shared + " What a waste of money, all those new signs when the roads need mending.",
        "Ridiculous idea. " + shared,
        shared,
        "Good idea. " + shared,
    ]
    [group] = DuplicateFinder().find(keys(texts))
    assert group.members == (0, 1, 2, 3) and group.representative == 2
    # Among wordings the others contain alike, the commonest still represents the group.
    [letters] = DuplicateFinder().find(keys([shared + " Signed Ann.", shared, shared]))
    assert letters.representative == 1
