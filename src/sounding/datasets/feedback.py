"""Short feedback comments written and coded for Sounding: praise and complaint of the same
things, as feedback on a service gives them.

Three questions, each written for this project and coded by hand as it was written (no text
comes from elsewhere), in ``feedback_comments.jsonl``: 130 comments on a visit to a GP
surgery or clinic, 110 residents' answers on a changed bus timetable, and 140 hospital
comments answering "why did you give your answer?" beside a rating from "Very good" to
"Very poor", as the NHS Friends and Family Test asks them (the rating is the closed answer;
a rating is no agree or disagree, so Sounding reads no stance from it). Most themes come in
opposite pairs ("short wait" and "long wait", "fares fine" and "fares too expensive") of
unequal size, some comments make two points, and a few make none ("ok", "no opinion") and
are coded with no theme. They measure what the quality benchmark's arguments and
suggestions do not: whether praise and complaint of one thing end up in separate themes.
"""

from __future__ import annotations

import json
from pathlib import Path

from sounding.datasets.common import (
    BenchmarkSet,
    CodebookRow,
    GoldPair,
    ResponseRow,
    question_ids,
)

COMMENTS_PATH = Path(__file__).with_name("feedback_comments.jsonl")

#: Question key → its wording, in file order.
QUESTIONS = {
    "gp-visit": "Is there anything you would like to tell us about your visit?",
    "bus-timetable": "What do you think of the changes to the town-centre bus timetable?",
    "hospital-rating": "Please can you tell us why you gave your answer?",
}

#: Theme → label, per question.
THEMES = {
    "gp-visit": {
        "wait_short": "Seen on time, or with little wait on the day",
        "wait_long": "A long wait on the day",
        "staff_friendly": "Staff were friendly, kind and helpful",
        "staff_rude": "Staff were rude, abrupt or dismissive",
        "appt_easy": "Easy to get an appointment or a call back",
        "appt_hard": "Hard to get an appointment (phone lines, the 8am rush, weeks to wait)",
        "explained_well": "The clinician listened and explained clearly",
        "not_listened": "Not listened to, rushed, or not explained",
        "building_clean": "The building is clean and pleasant",
        "building_poor": "The building is dirty, cramped or run down",
        "parking_easy": "Parking is easy",
        "parking_hard": "Parking is hard to find or expensive",
        "online_booking_good": "Booking by app or online works well",
        "prescription_problems": "Prescriptions late, lost or wrong",
    },
    "bus-timetable": {
        "frequency_up": "Buses run more often",
        "frequency_down": "Fewer buses than before",
        "reliability_good": "Buses are more reliable",
        "reliability_bad": "Buses are late, cancelled or do not turn up",
        "evening_sunday_better": "Evening and Sunday services are better",
        "evening_sunday_worse": "Evening and Sunday services were cut",
        "fares_fine": "Fares are fair",
        "fares_expensive": "Fares are too high",
        "info_clear": "The timetable is clear",
        "info_confusing": "The timetable is confusing or wrong",
        "route_good": "The new route is better",
        "route_bad": "The new route is worse (no stop near the hospital)",
        "crowded_dirty": "Buses are overcrowded or dirty",
        "drivers_helpful": "Drivers are helpful",
    },
    "hospital-rating": {
        "staff_kind": "Staff were kind, caring and helpful",
        "staff_rude": "Staff were rude, abrupt or uncaring",
        "wait_short": "Seen quickly or on time",
        "wait_long": "A long wait to be seen or for tests",
        "info_clear": "Things were explained clearly",
        "comms_poor": "Not told what was happening",
        "good_care": "The care was thorough and effective",
        "poor_care": "The care was inadequate",
        "clean": "Clean and tidy",
        "dirty": "Dirty toilets or waiting areas",
        "pain_managed": "Pain was managed well",
        "discharge_delay": "Delays in leaving once ready to go",
        "food_poor": "Food or drink poor or unavailable",
        "car_parking": "Parking is expensive or full",
        "appointment_problems": "Appointments cancelled, lost or letters late",
    },
}


def load_feedback(path: Path = COMMENTS_PATH) -> BenchmarkSet:
    """Both questions as one set, gold themes and codebook included."""
    qids = question_ids(QUESTIONS.values())
    rows: list[ResponseRow] = []
    gold: list[GoldPair] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        record = json.loads(line)
        key = record["question"]
        unknown = [t for t in record["themes"] if t not in THEMES.get(key, {})]
        if key not in QUESTIONS or unknown:
            raise ValueError(f"{path.name} line {number}: unknown question or theme {unknown}.")
        qid = qids[QUESTIONS[key]]
        rows.append(ResponseRow(record["id"], qid, record["text"], record.get("rating", "")))
        themes = [f"{key}:{theme}" for theme in record["themes"]]
        gold.extend(GoldPair(record["id"], qid, theme) for theme in themes or [""])
    codebook = [
        CodebookRow(f"{key}:{theme}", label, qids[QUESTIONS[key]])
        for key, themes in THEMES.items()
        for theme, label in themes.items()
    ]
    return BenchmarkSet(
        name="feedback",
        questions={qids[wording]: wording for wording in QUESTIONS.values()},
        rows=rows,
        gold=gold,
        codebook=codebook,
        notes=["written and coded for this project (sounding.datasets.feedback)"],
    )
