"""Names a question uses that the collection never mentions: which words count as a name,
when a missing one is evidence, and Ask refusing a question about one."""

from __future__ import annotations

import asyncio

import pytest

from sounding.ask.pipeline import AskOptions, AskPipeline, offline_steps
from sounding.ask.state import Status
from sounding.retrieval.index import PassageIndex, Relevance
from sounding.retrieval.names import names
from sounding.retrieval.passages import Passage

#: Written for these tests: benefits named with capitals (and "allowance" once without),
#: "young" and "mark" written without them, "Monday" always with one.
TEXTS = [
    (
        "Maternity Allowance",
        "You may get Maternity Allowance if you are self-employed. Maternity Allowance is "
        "paid for up to 39 weeks.",
    ),
    (
        "Employment and Support Allowance",
        "You can claim Employment and Support Allowance if illness affects how much you can "
        "work. Your employer does not pay it, though it may pay a meal allowance. Claims "
        "made on a Monday are paid the next Monday.",
    ),
    (
        "Young workers",
        "Young workers under 18 have different rest breaks. Mark the hours of young workers "
        "in your records and keep the records for 3 years.",
    ),
    (
        "Sick pay",
        "Employers pay Statutory Sick Pay (SSP) to employees who are off sick for 4 days or "
        "more. Tell HMRC about young employees on your payroll.",
    ),
]


def index(embedder=None) -> PassageIndex:
    passages = [
        Passage(
            id=f"p{i}",
            document=f"d{i}",
            url=f"https://www.gov.uk/p{i}",
            title=title,
            headings=(),
            text=text,
            kind="answer",
        )
        for i, (title, text) in enumerate(TEXTS)
    ]
    vectors = (
        embedder.embed([p.embedded_text for p in passages])
        if embedder
        else [[1.0, 0.0]] * len(passages)
    )
    return PassageIndex(passages, vectors)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Can I claim Employment Allowance to reduce my NI bill?", ["Employment Allowance"]),
        ("Do I need an EORI number to import from the Isle of Man?", ["Isle of Man"]),
        # A capital opening a sentence says nothing; what follows it may still be a name.
        ("Maternity pay stops when? Does Universal Credit stop too?", ["Universal Credit"]),
        ("Universal help for employers", []),
        # Title case and capitals: capitals mark nothing.
        ("How Do I Register For Self Assessment Online", []),
        ("IS IT OK TO PAY STATUTORY SICK PAY NOW", []),
        # Acronyms are not names here: "CEO" in a question about leave is incidental.
        ("Can our CEO take Shared Parental Leave?", ["Shared Parental Leave"]),
    ],
)
def test_names_are_capitalised_phrases(text, found):
    assert names(text) == found


@pytest.mark.parametrize(
    ("question", "unmentioned"),
    [
        # Words the collection uses, never together, and "Allowance" is part of its names.
        ("Can I claim Employment Allowance for my shop?", ["Employment Allowance"]),
        ("Is Employment and Support Allowance paid by my employer?", []),
        ("Do I need an EORI number?", []),  # acronyms are left to the relevance test
        ("Can our CEO take Maternity Allowance?", []),
        # "Young" and "Mark" are ordinary words here, so these are people, not schemes.
        ("Can Mark Young claim Maternity Allowance?", []),
        # "Monday" is never written without a capital: a name of itself, no evidence.
        ("Is Easter Monday a working day?", []),
        # Words the collection does not know: no evidence either way.
        ("Does Zorblax Payroll report to HMRC?", []),
    ],
)
def test_only_names_the_collection_could_have_used_count_as_missing(question, unmentioned):
    assert index().unmentioned(question) == unmentioned


def test_ask_refuses_a_question_about_a_name_the_guidance_never_uses(word_embedder):
    passages = index(word_embedder)
    options = AskOptions(Relevance(threshold=0.0), max_chars=200, sentences=2)
    steps = offline_steps(passages, lambda text: word_embedder.embed([text])[0], options)
    run = AskPipeline(steps).run
    refused = asyncio.run(run("Can I claim Employment Allowance for my employees?"))
    assert refused.status is Status.NO_GUIDANCE and refused.sources == []
    assert refused.steps[-1].name == "retrieve"
    assert "never mentions 'Employment Allowance'" in refused.steps[-1].detail
    # With a threshold of 0 every question finds a passage: only the name stopped that one.
    answered = asyncio.run(run("Can I claim Employment and Support Allowance?"))
    assert answered.status is Status.ANSWERED
    assert answered.sources[0].url == "https://www.gov.uk/p1"
