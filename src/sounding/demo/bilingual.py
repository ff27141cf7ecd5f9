"""A small bilingual consultation, Welsh and English, with the point each answer makes.

Written for Sounding (no text is taken from elsewhere): a Welsh council asks how its bus
services should improve. Eight points are each made in six English wordings and four Welsh
ones, the Welsh written as a Welsh speaker would put the point, not word for word. It
measures whether the same point made in two languages ends up in one theme
(`benchmarks/welsh.py`) and tests the language path of the pipeline.
"""

from __future__ import annotations

from sounding.datasets.common import (
    BenchmarkSet,
    CodebookRow,
    GoldPair,
    ResponseRow,
    question_ids,
)

QUESTION = "How should the council improve bus services in the county?"
#: The id Sounding's reader gives the question in a benchmark's long file.
QUESTION_ID = question_ids([QUESTION])[QUESTION]

#: Point → (label, English answers, Welsh answers).
POINTS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "frequency": (
        "Buses should run more often",
        (
            "Buses need to run more often, waiting an hour is too long.",
            "The service is far too infrequent.",
            "Please increase the frequency of buses on the main routes.",
            "One bus an hour is not enough for a town this size.",
            "More frequent buses would get people out of their cars.",
            "We need a bus every 15 minutes, not every hour.",
        ),
        (
            "Mae angen i'r bysiau redeg yn amlach, mae aros awr yn rhy hir.",
            "Mae'r gwasanaeth yn llawer rhy anaml.",
            "Cynyddwch amlder y bysiau ar y prif lwybrau, os gwelwch yn dda.",
            "Nid yw un bws yr awr yn ddigon i dref o'r maint hwn.",
        ),
    ),
    "evenings": (
        "Run buses in the evening and on Sundays",
        (
            "There are no buses after 6pm, so I can't get home from work.",
            "Please run services in the evening and on Sundays.",
            "The last bus leaves far too early in the evening.",
            "Sunday services are needed, there is nothing at weekends.",
            "Shift workers need buses late at night.",
            "Evening buses would let young people get to college and jobs.",
        ),
        (
            "Does dim bysiau ar ôl chwech o'r gloch, felly alla i ddim mynd adref o'r gwaith.",
            "Rhedwch wasanaethau gyda'r nos ac ar ddydd Sul, os gwelwch yn dda.",
            "Mae'r bws olaf yn gadael yn llawer rhy gynnar gyda'r nos.",
            "Mae angen gwasanaethau ar ddydd Sul, does dim byd ar y penwythnos.",
        ),
    ),
    "fares": (
        "Fares are too expensive",
        (
            "Fares are too expensive for families.",
            "A single ticket costs more than parking in town.",
            "Cheaper fares would make more people use the bus.",
            "Bring in a capped daily fare like other cities.",
            "The price of a return ticket has doubled, it is unaffordable.",
            "Young people should travel for free or at half price.",
        ),
        (
            "Mae'r prisiau'n rhy ddrud i deuluoedd.",
            "Mae tocyn sengl yn costio mwy na pharcio yn y dref.",
            "Byddai prisiau rhatach yn gwneud i fwy o bobl ddefnyddio'r bws.",
            "Dylai pobl ifanc deithio am ddim neu am hanner pris.",
        ),
    ),
    "rural": (
        "Villages and rural areas are cut off",
        (
            "Our village has lost its only bus route.",
            "Rural communities are cut off without a bus service.",
            "Older people in the villages cannot get to the doctor without a bus.",
            "Please restore the routes to the outlying villages.",
            "Country areas have been forgotten, there is one bus a week.",
            "A demand-responsive minibus would help the rural areas.",
        ),
        (
            "Mae ein pentref wedi colli ei unig lwybr bws.",
            "Mae cymunedau gwledig wedi'u torri i ffwrdd heb wasanaeth bws.",
            "Ni all pobl hŷn yn y pentrefi gyrraedd y meddyg heb fws.",
            "Adferwch y llwybrau i'r pentrefi anghysbell, os gwelwch yn dda.",
        ),
    ),
    "reliability": (
        "Buses are late or do not turn up",
        (
            "Buses are always late or don't turn up at all.",
            "The timetable is fiction, buses never arrive on time.",
            "Reliability is the biggest problem, I have been left waiting many times.",
            "Real-time information at stops would help when buses are late.",
            "Cancelled buses with no warning make me late for work.",
            "I can't rely on the bus so I drive instead.",
        ),
        (
            "Mae'r bysiau bob amser yn hwyr neu ddim yn cyrraedd o gwbl.",
            "Nid yw'r bysiau byth yn cyrraedd ar amser.",
            "Dibynadwyedd yw'r broblem fwyaf, rydw i wedi cael fy ngadael yn aros lawer gwaith.",
            "Byddai gwybodaeth amser real yn y safleoedd bws yn helpu pan fydd bysiau'n hwyr.",
        ),
    ),
    "access": (
        "Buses must be accessible to disabled passengers",
        (
            "Wheelchair users cannot always get on, the ramp is often broken.",
            "There is only one space for a wheelchair or a pushchair.",
            "Buses must be accessible for disabled passengers.",
            "Drivers should wait for older passengers to sit down before pulling away.",
            "Audio announcements of stops would help blind and partially sighted people.",
            "Low floor buses on every route, please.",
        ),
        (
            "Ni all defnyddwyr cadeiriau olwyn fynd ar y bws bob amser, mae'r ramp yn aml "
            "wedi torri.",
            "Dim ond un lle sydd ar gyfer cadair olwyn neu goets babi.",
            "Rhaid i fysiau fod yn hygyrch i deithwyr anabl.",
            "Byddai cyhoeddiadau sain am y safleoedd yn helpu pobl ddall a rhannol ddall.",
        ),
    ),
    "stops": (
        "Bus stops need shelters, lighting and seats",
        (
            "Many bus stops have no shelter from the rain.",
            "Stops should be better lit so people feel safe at night.",
            "Put seats at bus stops for older people.",
            "The shelter on our street has been vandalised for months.",
            "Bus stops are too far apart in the new estates.",
            "Timetables at stops are missing or out of date.",
        ),
        (
            "Does dim cysgod rhag y glaw mewn llawer o safleoedd bws.",
            "Dylai'r safleoedd bws gael eu goleuo'n well fel bod pobl yn teimlo'n ddiogel yn "
            "y nos.",
            "Rhowch seddi mewn safleoedd bws ar gyfer pobl hŷn.",
            "Mae'r safleoedd bws yn rhy bell oddi wrth ei gilydd yn yr ystadau newydd.",
        ),
    ),
    "connections": (
        "Buses should connect with trains",
        (
            "Buses should connect with the trains at the station.",
            "The bus leaves the station two minutes before the train arrives.",
            "One ticket for bus and train would make journeys easier.",
            "Timetables for buses and trains should be joined up.",
            "I miss my connection every day because the bus and train don't match.",
            "Integrated transport with through ticketing is needed.",
        ),
        (
            "Dylai'r bysiau gysylltu â'r trenau yn yr orsaf.",
            "Mae'r bws yn gadael yr orsaf ddwy funud cyn i'r trên gyrraedd.",
            "Byddai un tocyn ar gyfer bws a thrên yn gwneud teithiau'n haws.",
            "Dylai amserlenni bysiau a threnau fod yn gydgysylltiedig.",
        ),
    ),
}


def response_id(point: str, language: str, n: int) -> str:
    """An id that says the answer's point and language ("frequency-cy-2")."""
    return f"{point}-{language}-{n}"


def bilingual_benchmark() -> BenchmarkSet:
    """The consultation as a benchmark set: English answers first, then Welsh, each point
    in turn, with the gold point of every answer and the points as a codebook."""
    rows: list[ResponseRow] = []
    gold: list[GoldPair] = []
    for language in ("en", "cy"):
        for point, (_, english, welsh) in POINTS.items():
            for n, text in enumerate(english if language == "en" else welsh, 1):
                rid = response_id(point, language, n)
                rows.append(ResponseRow(rid, QUESTION_ID, text))
                gold.append(GoldPair(rid, QUESTION_ID, point))
    return BenchmarkSet(
        name="bilingual",
        questions={QUESTION_ID: QUESTION},
        rows=rows,
        gold=gold,
        codebook=[CodebookRow(point, label, QUESTION_ID) for point, (label, *_) in POINTS.items()],
        notes=["written for Sounding: eight points, each in six English and four Welsh answers"],
    )


def point_of(rid: str) -> str:
    """The point an answer of this set makes, from its id."""
    return rid.split("-", 1)[0]


def language_of(rid: str) -> str:
    """The language an answer of this set is written in, from its id."""
    return rid.split("-")[1]


def across_languages(themes_of: dict[str, list[str]]) -> float:
    """Share of Welsh answers given a theme that also holds an English answer making the
    same point: how often the same point in two languages was found to be one.

    `themes_of` maps each answer's id to the theme ids it was given (an answer left out, or
    given none, does not count as found)."""
    english = {
        (theme, point_of(rid))
        for rid, themes in themes_of.items()
        if language_of(rid) == "en"
        for theme in themes
    }
    welsh = [rid for rid in bilingual_ids() if language_of(rid) == "cy"]
    found = sum(
        any((theme, point_of(rid)) in english for theme in themes_of.get(rid, [])) for rid in welsh
    )
    return found / len(welsh)


def bilingual_ids() -> list[str]:
    """Every answer's id, in the set's order."""
    return [row.response_id for row in bilingual_benchmark().rows]
