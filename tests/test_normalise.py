import pytest

from sounding.consult.discover import split_sentences
from sounding.consult.labels import Casing, as_heading, make_label
from sounding.consult.normalise import (
    NOTHING_TO_IMPROVE,
    OFFERS_CONTACT,
    blank_reason,
    clean,
    dedup_key,
)


def test_clean_collapses_space_and_strips_control_characters():
    assert clean("  Too\u200b many\t\tcars\x00 \t here ") == "Too many cars here"
    assert clean("ﬁne") == "fine"  # NFKC folds the ligature


def test_clean_ends_a_heading_or_list_item_typed_on_its_own_line():
    heading = "Trip hazards\r\nScooters left on the footway are a danger."
    assert clean(heading) == "Trip hazards\nScooters left on the footway are a danger."
    assert split_sentences(clean(heading))[0] == "Trip hazards"
    assert clean("- Traffic\n\n  - Schools") == "- Traffic\n- Schools"
    # ... or short, an item of a list typed a line each (a parents' survey's).
    assert clean("communication\nclubs") == "communication\nclubs"
    # A long line wrapped onto the next, or a line that already ends, is left joined.
    wrapped = "The proposal would mean that residents of the northern estate\nwould travel"
    assert clean(wrapped) == wrapped.replace("\n", " ")
    assert clean("Reasons:\nTraffic, and\nSchools.\n\nThanks") == (
        "Reasons: Traffic, and Schools. Thanks"
    )
    assert clean(clean(heading)) == clean(heading)


def test_dedup_key_ignores_case_punctuation_and_spacing():
    assert dedup_key("I Agree!!  Fully.") == dedup_key("i agree fully")


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("...", "no words"),
        ("123", "no words"),
        ("N/A", "non-answer"),
        ("n.a.", "non-answer"),
        ("No comment.", "non-answer"),
        ("Nothing to add", "non-answer"),
        # Pointing elsewhere: blank here, with a reason to follow it up by.
        ("See previous answer", "refers elsewhere"),
        # A council tax consultation's, a library review's and a staff survey's.
        ("see previous", "refers elsewhere"),
        ("Same as previous answer", "refers elsewhere"),
        ("As I said before", "refers elsewhere"),
        ("as i've said above", "refers elsewhere"),
        ("As previously stated.", "refers elsewhere"),
        ("I think I've said it all", "non-answer"),
        ("I've said all I want to say", "non-answer"),
        ("As I said before, the 42 is my lifeline", None),
        ("Same as previous years, the hours are too short", None),
        ("see my earlier response", "refers elsewhere"),
        ("As per Q1", "refers elsewhere"),
        ("Please see attached letter.", "refers elsewhere"),
        ("See our answer to question 1.", "refers elsewhere"),
        ("Our full response has been sent by email.", "refers elsewhere"),
        ("See our concerns about parking", None),
        # A public health consultation's and a planning authority's (themed before).
        ("See my answer above.", "refers elsewhere"),
        ("As per my previous answer.", "refers elsewhere"),
        ("See letter sent by post.", "refers elsewhere"),
        ("The letter sent by the council was confusing", None),
        # A bus consultation's, naming the answer pointed at otherwise (coded, or a theme).
        ("Please see our response to the route 42 question above.", "refers elsewhere"),
        ("See answer to previous question", "refers elsewhere"),
        ("The University's comments are set out under the final question.", "refers elsewhere"),
        ("Our comments are in our answer to the previous question.", "refers elsewhere"),
        ("ditto", "refers elsewhere"),
        ("As stated above", "refers elsewhere"),
        ("As stated above, the 42 is my lifeline", None),
        ("See the new timetable", None),
        ("I sent a letter last year and nobody replied about the potholes", None),
        ("Don't know", "non-answer"),
        ("dk", "non-answer"),  # a survey's "don't know", typed short, had made a theme
        ("D/K", "non-answer"),
        ("dunno", "non-answer"),
        # Nothing to add to a rating ("Anything we could have done better?"): "no" first,
        # or content with things as they were after.
        ("not really", "non-answer"),
        ("No, nothing", "non-answer"),
        ("no all good", "non-answer"),
        ("Nothing, it was all fine thanks", "non-answer"),
        ("Nothing, keep up the good work", "non-answer"),
        # A new user's FFT export: these made the second-largest theme of "What could we do
        # better?".
        ("cant think of anything", "non-answer"),
        ("Can't think of anything else.", "non-answer"),
        ("nothing keep it up", "non-answer"),
        ("Not that I can think of", "non-answer"),
        # ... and a new user's inpatient survey, closing with a hedge.
        ("Cant think of anything on the whole", "non-answer"),
        ("Nothing this time", "non-answer"),
        # Thanks for the survey itself (a residents' survey's "Any other comments?").
        ("Thank you for asking.", "non-answer"),
        ("Good survey, thanks", "non-answer"),
        ("Thanks for the opportunity to comment", "non-answer"),
        # A small-business survey's "hard to say" (3) had been coded to a theme.
        ("hard to say", "non-answer"),
        # Leaving it to others names no view (a bus consultation's, coded to praise).
        ("whatever you think", "non-answer"),
        ("Its up to you", "non-answer"),
        ("meh", None),  # asked why they did not vote: not interested
        # Nothing to say yet (a GP practice's themes of 7 and 6).
        ("Dont know yet", "non-answer"),
        ("First visit so can't really say", "non-answer"),
        ("First visit, very impressed", None),
        ("Not bothered", None),
        ("easy", None),
        ("Difficult to say really", "non-answer"),
        ("Too early to tell", "non-answer"),
        ("Hard to pick one", "non-answer"),
        # A maternity survey's "What went well?": these had been coded to praise.
        ("nothing went well", "non-answer"),
        ("None of it", "non-answer"),
        ("not much to say", "non-answer"),
        ("Nothing. Thank you all!", "non-answer"),
        # A student survey's: coded to complaints ("nothing its good"), or a theme ("Nah").
        ("nothing its good", "non-answer"),
        ("nothing everything is fine", "non-answer"),
        ("idk tbh", "non-answer"),
        ("no reason", "non-answer"),
        ("Nah.", "non-answer"),
        # A staff survey's "What one thing should we change?": coded to a complaint.
        ("nothing to change", "non-answer"),
        ("Nothing needs changing", "non-answer"),
        ("nothing I would change", "non-answer"),
        # A Welsh council's "Diolch am ofyn." (thank you for asking) had been themed.
        ("Diolch am ofyn.", "non-answer"),
        ("Diolch am y cyfle i ymateb", "non-answer"),
        ("Dim diolch", "non-answer"),
        # Nothing singled out, no experience, lukewarm (a module survey, residents, a GP
        # practice): each had made a theme or been coded to a complaint.
        ("nothing stood out tbh", "non-answer"),
        ("nothing anymore", "non-answer"),
        ("Nothing in particular", "non-answer"),
        ("Not been this year", "non-answer"),
        ("It was ok i guess", "non-answer"),
        ("See my previous letter to the practice manager", "refers elsewhere"),
        # A small-business survey themed and quoted these under "Leave it to the market".
        ("Happy to discuss, ring me on 07700 900461", OFFERS_CONTACT),
        ("email me at jo@example.com", OFFERS_CONTACT),
        ("+44 7700 900123 call me", OFFERS_CONTACT),  # a local plan's theme "Call me"
        # A community safety survey's, left in Other.
        (
            "Happy to talk more about this, my email is j.morris1974@example.com or 07700 900234",
            OFFERS_CONTACT,
        ),
        ("Call me old fashioned but I like buses", None),
        ('=HYPERLINK("http://bit.ly/3x","Click here for my views")', "formula"),
        ("=cmd|' /C calc'!A0", "formula"),
        ("-cmd|' /C calc'!A0 the bins smell", "formula"),
        # A local plan's representations pointing to letters (themes of their own).
        (
            "See attached representations prepared on behalf of Wenham Estates Ltd.",
            "refers elsewhere",
        ),
        ("As set out in the attached letter.", "refers elsewhere"),
        ("Please see our full representations.", "refers elsewhere"),
        ("As per my Regulation 18 response.", "refers elsewhere"),
        ("Refer to covering letter and Vision Document submitted separately.", "refers elsewhere"),
        ("See my letter emailed to the Director of Education on 3rd March.", "refers elsewhere"),
        (
            "Please see the full representations submitted by email together with the "
            "enclosed Vision Document.",
            "refers elsewhere",
        ),
        (
            "See attached representations and appendices (Transport Technical Note, "
            "Landscape Appraisal).",
            "refers elsewhere",
        ),
        (
            "As per our previous response to the Issues and Options consultation.",
            "refers elsewhere",
        ),
        ("See attached letter. Also I object to the traffic and the loss of fields", None),
        ("See my letter: the proposals will destroy the village", None),
        ("See the attached photos of the flooding on Mill Lane", None),
        ("Not sure what this means", "non-answer"),
        ("I don't understand the question", "non-answer"),
        ("I don't understand why you would close it", None),
        # An FFT's "nothing" put otherwise or mistyped, and a Welsh school's "see above".
        ("Not a thing", "non-answer"),
        ("Noothing", "non-answer"),
        ("NOTHNIG", "non-answer"),
        ("Gweler uchod", "refers elsewhere"),
        ("Nothing, keep up the good work! x", "non-answer"),
        # An adult social care survey's, filled in by carers: coded to themes.
        ("Mum can't answer this", "non-answer"),
        ("Dad has dementia and cannot answer this question", "non-answer"),
        ("She cannot answer this because the carers never ask her", None),
        ("Not at this time", "non-answer"),
        ("No, that's all", "non-answer"),
        # A housing survey's "x" (21), a consultation's "lol", its organisations' pointers.
        ("x", "non-answer"),
        ("lol", "non-answer"),
        ("x marks the spot on the plan", None),
        ("Our detailed response is set out in the attached submission.", "refers elsewhere"),
        ("Same as my answer to Q1", "refers elsewhere"),
    ],
)
def test_blank_and_non_answers_are_recognised(text, reason):
    assert blank_reason(clean(text)) == reason


@pytest.mark.parametrize(
    "text",
    [
        "No, because buses are too slow",
        "None of the exemptions go far enough",
        "I know",
        "all good",  # praise, where the question asks why a rating was given
        "No, the wait was too long",
        "Nothing was too much trouble",
        "Not been seen yet",
        "call me on 0777 to talk about the potholes",
        "Happy to help",  # in feedback, praise
        "+1 agree with above",
        "It was ok",  # asked why a rating was given, a reason
    ],
)
def test_substantive_answers_are_kept(text):
    assert blank_reason(clean(text)) is None


@pytest.mark.parametrize(
    "sentence, label",
    [
        ("In my view, local councils can already ban it.", "Local councils can already ban it."),
        ("I really do think walking to school is unsafe", "Walking to school is unsafe"),
        ("And secondly, I think that buses are late", "Buses are late"),
        ("i thought staff were great", "Staff were great"),
        ("No, because our street is too narrow", "Our street is too narrow"),
        (
            "As well as that, parking fully in the road scrapes cars",
            "Parking fully in the road scrapes cars",
        ),
        ("Nobody wants this at all", "Nobody wants this at all"),
        # "No" that is part of the point is kept: dropping it turned the point around.
        ("no one told us what was happening", "No one told us what was happening"),
        ("No updates for hours", "No updates for hours"),
        ("No it is not fair", "It is not fair"),
        ("Yes, because trams", "Yes, because trams"),  # too little would be left
        (
            "101) Authorizes the Secretary to appoint staff.",
            "Authorizes the Secretary to appoint staff.",
        ),
        ("(b) Requires a yearly report.", "Requires a yearly report."),
        ("2. Cars block the pavement", "Cars block the pavement"),
        ("1.5 million people walk to work", "1.5 million people walk to work"),
        ("10 minutes is too long to wait", "10 minutes is too long to wait"),
        ("I support this because it saves money", "It saves money"),
        ("I oppose the proposals as they are unfair", "They are unfair"),
        ("I agree that cars block the pavement", "Cars block the pavement"),
        # An FFT export's label read "Only downside is only allowed to discuss one problem".
        (
            "Only downside is only allowed to discuss one problem",
            "Only allowed to discuss one problem",
        ),
        ("The only thing I would say is parking is hard", "Parking is hard"),
        ("My only complaint was that the wait was long", "The wait was long"),
        ("Only thing I'd say is i saw a different midwife", "I saw a different midwife"),
        ("Where do I start, the midwives saved my baby", "The midwives saved my baby"),
        ("Apart from that it was great, feeding support was poor", "Feeding support was poor"),
        ("No way, I cant afford it", "I cant afford it"),
        ("Absolutely not - scrap the new HQ", "Scrap the new HQ"),
        ("No way will I pay more", "No way will I pay more"),
        ("On the plus side no waiting at all", "No waiting at all"),
        # A planning consultation's labels opened with who is speaking, or that it is plain.
        (
            "As a resident of Orchard Close, my grandchildren's school is full",
            "My grandchildren's school is full",
        ),
        ("It's obvious that young families are priced out.", "Young families are priced out."),
        ("As a result the roads flood", "As a result the roads flood"),
        # A student survey's labels: shorthand and emoji.
        ("tbh help with travel costs", "Help with travel costs"),
        ("the wifi is rubbish tbh", "The wifi is rubbish"),
        ("Shout out to [PERSON_1] 💯.", "Shout out to [PERSON_1]."),
        ("Bullying is a real problem on our course 😤", "Bullying is a real problem on our course"),
        ("It is 20°C in the room", "It is 20°C in the room"),
        # "i" typed for the pronoun is written "I" (a business survey's label).
        ("we borrowed and i've had to cut staff", "We borrowed and I've had to cut staff"),
        ("the wait i.e. 4 hours", "The wait i.e. 4 hours"),
        # ... not the Welsh "i" (a budget consultation's "Yn fy marn I").
        ("dydw i ddim yn cytuno", "Dydw i ddim yn cytuno"),
        ("mae hi i fod ar agor", "Mae hi i fod ar agor"),
        # A letter's greeting and heading (a planning consultation's labels).
        ("Dear Sir/Madam, The field is used by dog walkers", "The field is used by dog walkers"),
        ("Re: application 23/04512/OUT The road is too narrow", "The road is too narrow"),
        ("To whom it may concern, the road is too narrow", "The road is too narrow"),
        ("I am writing to object to the application as the school is full", "The school is full"),
        # A module survey's labels opened on the choice about to be named.
        ("Probably deadlines all at the same time", "Deadlines all at the same time"),
        ("One change: an up to date reading list", "An up to date reading list"),
        ("If I had to pick one: the labs were great", "The labs were great"),
        ("Easily the lecturer's enthusiasm", "The lecturer's enthusiasm"),
        ("One thing is clear: roads are bad", "One thing is clear: roads are bad"),
        # A council tax consultation's and a staff survey's: how the writer sees it, that
        # more is coming, a closing flourish, asking to be read.
        ("As I see it I simply cannot afford another bill", "I simply cannot afford another bill"),
        (
            "Not only that but more families will end up at the food bank",
            "More families will end up at the food bank",
        ),
        ("They should balance the budget, plain and simple", "They should balance the budget"),
        ("I'll be honest, the rota is unfair", "The rota is unfair"),
        # A local plan's labels: that it is plain, or one more.
        ("Let's be clear: the drains can't cope", "The drains can't cope"),
        ("Not to mention skylarks nest in that field", "Skylarks nest in that field"),
        ("Only one? More patrols at night", "More patrols at night"),
        ("Only one bus an hour", "Only one bus an hour"),
        ("The end of the line for the 42", "The end of the line for the 42"),
        ("Staff are burnt out That's all", "Staff are burnt out"),
        ("The main thing would be A manager who backs us", "A manager who backs us"),
        # A condition is the point: dropping "I support" had left "It as long as…".
        (
            "I support it as long as recycling stays fortnightly.",
            "I support it as long as recycling stays fortnightly.",
        ),
    ],
)
def test_labels_drop_discourse_openers(sentence, label):
    assert make_label(sentence) == label


@pytest.mark.parametrize(
    ("clause", "label"),
    [
        ("parking is easy too", "Parking is easy"),
        ("Consultant was very good tho", "Consultant was very good"),
        ("Staff were lovely as well!", "Staff were lovely"),
        # A hedge on the respondent's own stay.
        ("Noise at night this time", "Noise at night"),
        ("Staff were kind on the whole.", "Staff were kind."),
        # A closing "to be honest" (an induction survey's "The team to be honest").
        ("The team to be honest", "The team"),
        ("Laptop ready on day one, honestly!", "Laptop ready on day one"),
        ("Scrap the car park charges That is my view.", "Scrap the car park charges."),
        ("The food was good overall", "The food was good"),
        ("Me too", "Me too"),  # too little would be left
        ("Prices are too high", "Prices are too high"),
    ],
)
def test_labels_drop_a_closing_word_that_points_back_to_another_clause(clause, label):
    assert make_label(clause) == label


@pytest.mark.parametrize(
    ("answer", "label"),
    [
        # A label is a heading: no closing full stop, whether its answer had one or not.
        ("Neighbours.", "Neighbours"),
        ("quiet", "Quiet"),
        ("It was far too long.", "It was far too long"),
        # ... but a full stop that belongs to a word, or a question mark, stays.
        ("Parks, libraries etc.", "Parks, libraries etc."),
        ("Why not ask us first?", "Why not ask us first?"),
    ],
)
def test_labels_end_as_headings_do(answer, label):
    assert as_heading(make_label(answer)) == label


def test_labels_are_capped_in_length():
    label = make_label(" ".join(["word"] * 50))
    assert label.endswith("…") and len(label.split()) == 30


def test_a_long_sentence_is_cut_after_a_whole_clause():
    bill = (
        "Amends the Internal Revenue Code to allow a refundable tax credit for the cost of "
        "rehabilitating historic homes owned by low-income families, to increase the credit "
        "for small employers that hire veterans, and to extend the credit to 2030."
    )
    label = make_label(bill)
    assert label == (
        "Amends the Internal Revenue Code to allow a refundable tax credit for the cost of "
        "rehabilitating historic homes owned by low-income families"
    )
    # No clause boundary late enough: cut at the limit, marked, never on "the" or "and".
    cut = make_label("word " * 4 + "plus, " + "word " * 23 + "and the thing said at length")
    assert cut.endswith("word…") and len(cut.split()) == 28


@pytest.mark.parametrize(
    ("answer", "label"),
    [
        ("Potholes!!!", "Potholes"),
        ("the bins...", "The bins"),
        ("Why do we pay so much?", "Why do we pay so much?"),
        # Sign-offs and openers patients add (a new user's FFT export).
        ("Food was nice x", "Food was nice"),
        ("Well organised clinic thanks.", "Well organised clinic"),
        ("Amazing staff who go above and beyond :)", "Amazing staff who go above and beyond"),
        ("Staff were great, thank you!", "Staff were great"),
        ("On the whole nurses amazing", "Nurses amazing"),
        ("My experience: friendly staff", "Friendly staff"),
        ("Thank you", "Thank you"),  # a whole answer stays as it is
        ("Vote for Malcolm X", "Vote for Malcolm X"),  # a capital X is no kiss
        ("Generally speaking, the buses are late", "The buses are late"),
    ],
)
def test_labels_drop_closing_emphasis_but_keep_a_question(answer, label):
    assert make_label(answer) == label


def test_words_shouted_in_a_mixed_case_answer_are_no_evidence_of_their_case():
    """A new user's FFT export had labelled a theme "Doctor LISTENED to me"."""
    said = ["doctor listened to me", "on the whole NO ONE LISTENED TO ME x", "the NHS was good"]
    casing = Casing.of(said)
    assert casing.apply("Doctor listened to me") == "Doctor listened to me"
    assert casing.apply("Nhs was good") == "NHS was good"


def test_an_acronym_is_written_as_the_respondents_write_it():
    said = ["nhs waiting times", "Waiting times at the NHS are too long.", "NHS waits", "Nhs"]
    assert Casing.of(said).apply("Nhs waiting times") == "NHS waiting times"
    # Answers typed all in lower case are no evidence either way.
    assert Casing.of(["nhs waits", "nhs"]).apply("Nhs waiting times") == "Nhs waiting times"


def test_a_shouted_label_is_written_as_the_respondents_write_it_in_a_sentence():
    said = ["FIX THE POTHOLES", "The potholes on Mill Road are dangerous.", "potholes"]
    assert Casing.of(said).apply("FIX THE POTHOLES") == "Fix the potholes"
    # With no evidence, short words keep their capitals: they are likely acronyms.
    assert Casing.of(["SAVE THE NHS"]).apply("SAVE THE NHS") == "Save the NHS"
    assert Casing.of([]).apply("ALWAYS A GOOD EXPERIENCE") == "Always a good experience"


def test_a_word_no_dictionary_knows_answered_alone_in_capitals_is_an_acronym():
    """A budget survey's one-word answers "ASC" and "asc" (adult social care) made a theme
    labelled "Asc". An English word typed so is no evidence ("VAT" alone may be shouting)."""
    assert Casing.of(["ASC", "asc", "ASC"]).apply("Asc") == "ASC"
    assert Casing.of(["VAT", "vat"]).apply("Vat") == "Vat"
    assert Casing.of(["BEAUROCRACY", "beaurocracy"]).apply("Beaurocracy") == "Beaurocracy"
    assert Casing.of(["FIX THE ROADS NOW", "roads"]).apply("Roads") == "Roads"


def test_a_word_in_capitals_in_a_label_written_in_mixed_case_is_left_alone():
    said = ["Trade deal with the US", "Let us trade more", "They told us nothing"]
    assert Casing.of(said).apply("Trade deal with the US") == "Trade deal with the US"


def test_a_pronoun_is_not_raised_to_the_acronym_it_spells():
    """A trust's staff survey writes "IT" everywhere: its pronoun stays a pronoun."""
    said = ["IT is so slow", "Better IT", "IT systems crash", "Fix the IT", "it is a mess"]
    casing = Casing.of(said)
    assert casing.apply("Short staffed and it is not safe") == "Short staffed and it is not safe"
    assert casing.apply("Better IT systems") == "Better IT systems"


def test_a_common_word_shouted_in_a_label_is_lowered():
    casing = Casing.of(["More police on the streets", "more police"])
    assert casing.apply("More police ON the streets") == "More police on the streets"
    assert Casing().apply("Trade deal with the US") == "Trade deal with the US"


def test_an_english_word_shouted_by_an_answer_or_two_is_no_acronym():
    """A new user's residents' survey had themes labelled "BUSES" (from "social
    housing,BUSES", beside "Better buses") and "Street LIGHTS" (beside "Street lights")."""
    said = ["social housing,BUSES", "Better buses", "Street LIGHTS", "Better street lights"]
    said += ["ASB and crime", "Cuts to SEND", "Send the bill to the council"]
    casing = Casing.of(said)
    assert casing.apply("BUSES") == "Buses"
    assert casing.apply("Street LIGHTS") == "Street lights"
    assert casing.apply("Asb") == "ASB"  # not an English word: an acronym
    # An English word written in capitals, and otherwise too, is an acronym where three
    # answers write it so.
    assert casing.apply("More SEND places") == "More send places"
    said += ["more SEND places", "SEND provision"]
    assert Casing.of(said).apply("More send places") == "More SEND places"
    # One answer is believed where none writes the word otherwise.
    assert Casing.of(["SEND provision for kids"]).apply("SEND provision for kids") == (
        "SEND provision for kids"
    )


@pytest.mark.parametrize(
    "text",
    [
        "All good",
        "all good thanks",
        "Everything was great",
        "Fine",
        "No complaints from me",
        "Keep doing what you're doing",
        "Carry on as you are",
        # A customer-service survey's, themed beside "Nothing" blanked.
        "no improvements needed",
        "Nothing to improve, very happy",
        # A GP practice's two largest themes of what could improve.
        "No, excellent as it is",
        "Nothing really, you're doing a great job",
        # An FFT's largest theme of what could have been done better (174).
        "Nothing, you were all amazing",
        "nothing the staff were brilliant",
        "Honestly nothing, you were all amazing",
        "Nothing at all, everyone was brilliant",
        "nothing you were all fab x",
        "Can't think of anything, it was all excellent.",
        # A module survey's "nothing, keep it as it is" (21), coded to a complaint; a
        # housing survey's "nothing they are fine" (17), a theme.
        "nothing, keep it as it is",
        "nothing they are fine",
        # An FFT's "better" box, themed ("nothing could be better", 26, a theme of its own).
        "Nothing, the midwives were fantastic",
        "no. staff couldn't have been nicer",
        "Nothing at all, the doctor was lovely",
        "nothing could be better",
        "Don't think so",
    ],
)
def test_saying_all_was_well_is_no_answer_to_what_could_be_better(text):
    """A feedback survey's "All good" had made a theme under "What could we have done
    better?"; asked why, the same words are praise, and kept."""
    assert blank_reason(clean(text), asks_for_better=True) == NOTHING_TO_IMPROVE
    assert blank_reason(clean(text)) is None


def test_a_complaint_after_nothing_is_kept():
    assert blank_reason(clean("Nothing, the wait was too long"), asks_for_better=True) is None
    assert blank_reason(clean("not that I can think of"), asks_for_better=True) == (
        NOTHING_TO_IMPROVE
    )


def test_nothing_said_contentedly_is_no_answer():
    # "Nothing, it was great" was blanked and "cant think of anything, very happy" themed.
    assert blank_reason(clean("cant think of anything, very happy")) == "non-answer"
    assert blank_reason(clean("Nothing, very happy")) == "non-answer"
    assert blank_reason(clean("Very happy")) is None  # asked why, praise


def test_no_issues_is_no_answer_to_the_most_important_issues():
    from sounding.consult.tone import asks_for_better

    question = "What are the most important issues facing your area?"
    assert blank_reason("no issues", asks_for_better(question)) == NOTHING_TO_IMPROVE


def test_nothing_to_improve_is_told_apart_from_saying_nothing():
    """An FFT's 293 content answers to "What could we have done better?" had vanished among
    its blanks; "No idea" or "Nothing to add" says nothing of the service."""
    for text in (
        "Nothing",
        "No, nothing",
        "None",
        "nothing really",
        "All good",
        "cant think of anything",
    ):
        assert blank_reason(clean(text), asks_for_better=True) == NOTHING_TO_IMPROVE
    for text in ("No idea", "Not sure", "Nothing to add", "No comment", "n/a"):
        assert blank_reason(clean(text), asks_for_better=True) == "non-answer"
    assert blank_reason(clean("Nothing")) == "non-answer"  # asked what was good


def test_a_point_after_all_being_well_is_kept_even_asked_what_could_be_better():
    assert blank_reason("All good but the parking is awful", asks_for_better=True) is None
    assert blank_reason("Everything", asks_for_better=True) is None  # everything needs work


def test_a_label_is_spelt_as_most_answers_spell_its_words():
    said = ["organised", "Well organised", "Disorganised", "disorganised", "Organized"]
    said += ["the colour of the buses", "a new centre"]
    casing = Casing.of(said)
    assert casing.apply("Organized") == "Organised"
    assert casing.apply("Disorganized") == "Disorganised"
    assert casing.apply("Color and Center") == "Colour and Centre"
    # Without answers using the other spelling, a word stays as it is.
    assert casing.apply("Centers") == "Centers"
    assert casing.apply("Doctor") == "Doctor"
    assert Casing.of(["organized", "organized", "organised"]).apply("Organised") == "Organized"
