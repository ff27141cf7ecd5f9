"""Misspelt words put right from a collection's own words: guidance for Ask, a question's
answers for Consult."""

import pytest

from sounding.retrieval.british import british_forms, other_spellings
from sounding.retrieval.spelling import answer_words, corrected, is_english, vocabulary

WORDS = vocabulary(
    [
        "Jury service. Maternity pay and tuition fees. The workplace pension.",
        "Running a café: take care in each case to keep food safe.",
    ]
)


def test_a_misspelt_word_becomes_the_collection_word_it_is_near():
    assert corrected("called up for jury servise", WORDS) == "called up for jury service"
    assert corrected("Maternaty pay?", WORDS) == "Maternity pay?"
    assert corrected("re-enrol into the workplace pention", WORDS) == (
        "re-enrol into the workplace pension"
    )


def test_words_that_are_right_or_ambiguous_or_names_are_left_as_typed():
    # English words the collection lacks, a word near three collection words, a
    # contraction, a name, an acronym and short words are not changed.
    for text in (
        "my nephew wants a job",
        "is the cafe open?",
        "I hadn't asked",
        "the Testford council",
        "is SSPX paid?",
        "tax on a vn",
    ):
        assert corrected(text, WORDS) == text


def test_a_word_is_never_replaced_by_one_the_collection_does_not_use():
    assert corrected("jury servise", vocabulary(["Sick pay."])) == "jury servise"


def test_accents_do_not_make_a_word_unknown():
    assert "cafe" in WORDS and "café" not in WORDS


def test_answers_put_each_others_misspellings_right_but_keep_their_own_words():
    answers = ["recycling", "recyling", "imigration", "imigration", "immigration", "nhs"] + [
        "the nhs"
    ] * 2
    words = answer_words(answers)
    assert corrected("more recyling", words) == "more recycling"  # one answer spelt it right
    assert corrected("imigration", words) == "immigration"  # a misspelling made twice
    assert "nhs" in words  # no English word, but three answers use it: never "corrected"
    # Three answers making the same misspelling make it the question's word.
    assert "imigration" in answer_words([*answers, "imigration"])
    assert answer_words([]) == frozenset()


def test_a_word_with_a_letter_english_has_no_use_for_is_left_as_typed():
    """A staff survey's Polish answer, too short to be told as Polish, had its label read
    "pace 60 funtów" for "płacę 60 funtów"."""
    words = answer_words(["parking", "pace of work", "pace", "the pace"])
    assert corrected("za drogi, płacę 60 funtów", words) == "za drogi, płacę 60 funtów"


def test_a_short_misspelling_can_be_left_alone():
    words = answer_words(["youth club", "you know", "youth centre"])
    assert corrected("youf club", words) == "you club"  # why Consult starts at five letters
    assert corrected("youf club", words, shortest=5) == "youf club"


def test_a_misspelling_near_a_word_and_its_plural_takes_the_one_of_its_length():
    words = answer_words(["fix the potholes", "pothole repairs", "potholes and litter"])
    assert corrected("potholse", words) == "potholes"
    assert corrected("pothle", words) == "pothole"


def test_a_short_slip_of_two_swapped_letters_is_put_right_however_often_made():
    """A new user's patient comments had a theme labelled "Teh staff were so kind": words
    under five letters are not put right, and one that several answers use counts as the
    question's own. Two neighbouring letters swapped into a very common word is a slip."""
    words = answer_words(["teh staff", "teh food", "teh ward", "the nurses"])
    assert "teh" in words  # three answers use it ...
    assert corrected("Teh staff were kind on teh whole", words) == (
        "The staff were kind on the whole"
    )  # ... and it is put right all the same
    assert corrected("adn wiht", frozenset()) == "and with"
    # Words the dictionary knows, acronyms, names and shouting are left as typed.
    assert corrected("the asb, abs and NHS, Mr Teh, TEH", frozenset()) == (
        "the asb, abs and NHS, Mr Teh, TEH"
    )


@pytest.mark.parametrize(
    "word",
    [
        "organised",
        "disorganised",
        "colour",
        "neighbourhood",
        "centre",
        "programme",
        "analyse",
        "paediatric",
        "anaesthetist",
        "favourite",
        "judgement",
    ],
)
def test_british_spellings_are_english_words(word):
    assert is_english(word)


def test_a_british_spelling_is_never_put_right_to_an_american_one():
    answers = ["disorganised", "Disorganized", "organised", "Welcome but disorganised"]
    assert corrected("Disorganised", answer_words(answers)) == "Disorganised"


def test_british_forms_follow_the_words_the_dictionary_has():
    forms = british_forms({"organize": 10, "organization": 7, "neighbors": 5, "center": 3})
    assert forms == {"organise": 10, "organisation": 7, "neighbours": 5, "centre": 3}
    # A British form the dictionary already has is left alone.
    assert british_forms({"organize": 10, "organise": 2}) == {}


def test_other_spellings_go_both_ways():
    assert other_spellings("organised") == ["organized"]
    assert other_spellings("organized") == ["organised"]
    assert other_spellings("neighbourhood") == ["neighborhood"]
    assert other_spellings("center") == ["centre"]
    assert other_spellings("size") == []


def test_newer_words_are_english_but_never_the_likelier_spelling():
    # "The app is brilliant for booking" had been taken for a typo.
    assert is_english("app") and is_english("vaping") and is_english("covid")
    assert corrected("the app was great", answer_words(["the app was great"])) == (
        "the app was great"
    )
