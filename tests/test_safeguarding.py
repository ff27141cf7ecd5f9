"""Answers that may disclose a risk to someone are flagged, noted and never quoted."""

from __future__ import annotations

import pytest

from sounding.consult.model import Consultation, Question, Response
from sounding.safety.safeguarding import SAFEGUARDING_FLAG, safeguarding_reasons
from test_pipeline import PARKING, run


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # A mental health service's feedback held these; nothing had flagged them.
        ("During that time I self harmed twice", ["self-harm"]),
        ("I rang the crisis number when I was thinking about ending things", ["suicide"]),
        ("I felt suicidal before the crisis team came", ["suicide"]),
        ("My daughter was suicidal and nobody called back", ["suicide"]),
        ("I took an overdose in March", ["self-harm"]),
        ("my son kept hurting himself", ["self-harm"]),
        ("he hits me when he drinks", ["abuse"]),
        # ... and a community mental health trust's service users wrote these.
        ("had suicidal thoughts most days during the wait for CBT", ["suicide"]),
        ("there were nights i didnt want to be here anymore", ["suicide"]),
        ("My partner was hitting me", ["abuse"]),
        # A community safety survey's and a GP practice's, unflagged: threats from someone
        # close, and a child left alone.
        ("my ex keeps turning up at my house drunk and threatening me", ["abuse"]),
        ("I am scared of my partner", ["abuse"]),
        ("The child next door is being left on her own for days", ["child at risk"]),
        # An NHS staff survey's, unflagged and quoted under a parking theme.
        (
            "Some days driving in I think it would be easier if I just wasn't here anymore",
            ["suicide"],
        ),
        ("honestly my family would be better off without me", ["suicide"]),
        ("I didn't see the point of going on", ["suicide"]),
        # ... and a council tax consultation's, quoted in its report.
        ("Honestly if this goes through I don't see the point in being here anymore", ["suicide"]),
        ("some nights I want to end it all", ["suicide"]),
        # A Welsh school consultation's, quoted in its report, and Welsh phrasings.
        (
            "he comes in most days with no breakfast and bruises on his arms, and he's "
            "frightened to go home",
            ["abuse", "child at risk"],
        ),
        ("Rwy'n teimlo fel fy mod i eisiau marw", ["suicide"]),
        ("Mae gen i ofn mynd adref", ["abuse"]),
        ("Dw i wedi hunan-niweidio eto", ["self-harm"]),
        # An adult social care survey's: neglect, theft, a carer's violence (none flagged,
        # one quoted and made a theme), and "ending it all".
        (
            "Dad was left in soiled clothes until lunchtime and they didn't give him any "
            "dinner, he is scared to complain",
            ["adult at risk"],
        ),
        ("My nephew has taken over Mum's bank card and her pension is gone", ["adult at risk"]),
        ("One of the carers hit my father", ["adult at risk"]),
        ("the carer took money from my purse", ["adult at risk"]),
        ("She is being neglected at the home", ["adult at risk"]),
        ("Dad was left lying on the floor all night", ["adult at risk"]),
        ("I feel like ending it all some days", ["suicide"]),
        (
            "A man on the late 101 has been following my 15 year old daughter home and "
            "threatening her",
            ["child at risk"],
        ),
        # A housing survey's, a module survey's and an e-scooter consultation's, unflagged.
        ("Ive had thoughts of suicide this term", ["suicide"]),
        ("I have thought about taking my own life", ["suicide"]),
        ("i feel like giving up on everything, not just uni", ["suicide"]),
        ("I am being sexually harassed by a member of staff", ["abuse"]),
        ("a lecturer made sexual comments to me", ["abuse"]),
        ("my personal tutor touched me and I feel unsafe around him", ["abuse"]),
        ("when I told him to get off he said he'd stab me", ["abuse"]),
        ("the man in flat 9 has threatened to stab me if I report him again", ["abuse"]),
        ("My ex keeps turning up and kicking my door in", ["abuse"]),
        ("The carer has been taking money from her purse", ["adult at risk"]),
        ("My neighbour is 89 and has had no heating for 3 weeks", ["adult at risk"]),
        ("Im disabled and housebound and havent had heating or hot water", ["adult at risk"]),
        (
            "The little boy next door at number 14 is being hit by his dad",
            ["child at risk"],
        ),
        ("kids in flat 3 are left on there own all weekend", ["child at risk"]),
        # An FFT export's, none flagged and one quoted in a theme's description.
        ("If this happens again I'm going to end it, I can't keep going like this", ["suicide"]),
        ("My dad's carer has been taking money out of his bank account", ["adult at risk"]),
        ("I'm 86 and live on my own, the heating has been broken for 3 weeks", ["adult at risk"]),
        (
            "The little girl in the next bed had nobody visit and her mum's boyfriend shouted at "
            "her and grabbed her arm",
            ["child at risk"],
        ),
        # A local plan's, unflagged.
        ("I am 84 and live alone on Mill Lane. My heating broke in November", ["adult at risk"]),
        ("The landowner's son told me he would burn my house down", ["abuse"]),
        # A community safety survey's (two quoted in its report), a GP survey's and a
        # parents' survey's, none flagged.
        ("My partner. He gets drunk and hits me", ["abuse"]),
        ("everyone would be better off if I wasn't here", ["suicide"]),
        ("A man I used to work with keeps following me home", ["abuse"]),
        ("someone is stalking me", ["abuse"]),
        (
            "The old man next door is 88 and these so called friends take him to the cash "
            "machine every pension day and he comes back with nothing",
            ["adult at risk"],
        ),
        (
            "a little girl at number 9 is out in the street on her own at 11 at night",
            ["child at risk"],
        ),
        ("The carer keeps taking money from my dad's purse", ["adult at risk"]),
        ("My son told his teacher his dad hits him when he's been drinking", ["child at risk"]),
        ("A boy in year 5 told my son he will stab him on the way home", ["abuse"]),
        ("my daughter (year 6) has been cutting her arms", ["self-harm"]),
    ],
)
def test_a_disclosure_is_recognised(text, kinds):
    assert safeguarding_reasons(text) == kinds


@pytest.mark.parametrize(
    "text",
    [
        # Talk about a service, or a debate on assisted dying (ArgKP), discloses nothing.
        "The suicide prevention team were great",
        "self-harm support groups were helpful",
        "people should be able to decide how and when they want to die",
        "government intervention is needed when people make choices that harm themselves",
        "many end up being abused or using drugs to escape the pressure",
        "I was hit by a car outside the clinic",
        "The waiting list is killing me",
        "I didn't want to be here, the ward was so loud",
        "The team supports people with suicidal thoughts",
        "The nurse was hitting the buzzer",
        "Children and Youth Who Are Neglected",  # a bill's title
        "children are being left without school places",
        "Kids on ebikes are threatening us",
        "my son comes home starving every day",
        "It would be easier if I wasn't told about changes the night before",
        "It was better when I was here on days",
        "I don't see the point of the new rota",
        "Mum had bruises on her arms from all the blood tests",
        "Mae'r gwasanaeth hunan-niweidio yn dda",  # the self-harm service is good
        "The children were hungry by the time the bus arrived",
        "My son takes my pension to the post office for me",
        "Staff took her money to pay for the trip",
        "Her pension has gone up",
        "Road maintenance, its been neglected for years",
        "The carer took my mum to the shops",
        "We need more thinking about suicide prevention",
        "Your kindness touched me deeply",
        "He said he'd hurt his back lifting it",
        "The disabled toilets have no hot water",
        "The boiler broke and we had no heating for 3 weeks",
        "Kids are left to run riot in the park",
        "I'm going to end it with this landlord and move",
        "I'm 86 and the heating in the waiting room was lovely",
        "My son was grabbed by the hand and taken to the front of the queue",
        "cutting her hair was a mistake",
        "the boy next door kicked him in the playground",
        "He said he would burn them in the garden",
        "Took my mum to the bank and she was back within the hour",
    ],
)
def test_talk_about_a_subject_is_no_disclosure(text):
    assert safeguarding_reasons(text) == []


def test_a_disclosure_is_flagged_noted_and_never_quoted(word_embedder):
    disclosure = "Cars parked on the pavement block wheelchairs. I self harmed twice."
    question = Question("q5", "Any comments?")
    responses = [Response("S0", "q5", disclosure)]
    responses += [Response(f"P{i}", "q5", text) for i, text in enumerate(PARKING)]
    qa = run(word_embedder, Consultation([question], responses)).questions[0]
    flagged = next(o for o in qa.outcomes if o.response_id == "S0")
    assert flagged.flags == [f"{SAFEGUARDING_FLAG}: self-harm"]
    assert any("1 answer may disclose self-harm" in note for note in qa.notes)
    assert all(q.response_id != "S0" for t in qa.themes for q in t.quotes)
