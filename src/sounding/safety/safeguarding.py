"""Recognise answers that disclose a risk to someone: self-harm, thoughts of suicide, abuse,
harassment or threats, an adult in care neglected, hurt or robbed, an old or housebound
person without heat, a child at risk.

Feedback on health and care services, and consultations on them, receive such disclosures
("I self harmed twice while waiting", "he hits me when he drinks"). An analysis must not
bury them in a theme count, nor publish them as a quote: each is flagged in responses.csv
for a person to read and act on under the organisation's safeguarding policy, is never
quoted or used to name a theme, and the question's notes say how many there are.

The patterns ask for the first person or a named act ("I cut myself", "took an
overdose", "suicidal", "wanted to die"), so that talk about a service ("the suicide
prevention team", "self-harm support groups were helpful") is not flagged where it can be
told apart. A flag is a prompt for a person to read the answer, not a judgement.

Not caught: disclosures put more indirectly than "I didn't see the point of going on" or
"it would be easier if I wasn't here", in languages other than English and (a few of the
plainest phrasings) Welsh, or in words these lists lack.
Nothing here replaces reading the answers.
"""

from __future__ import annotations

import re

#: How responses.csv flags such an answer.
SAFEGUARDING_FLAG = "possible safeguarding concern"

#: What each kind of disclosure looks like. Words about a service for it ("suicide
#: prevention", "self-harm team/support/service/group") are left out below.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "self-harm",
        re.compile(
            r"\b(?:i|i['’]?ve|i\s+have|i\s+had|i\s+was|been)\s+(?:\w+\s+){0,3}?"
            r"(?:self[-\s]?harm(?:ed|ing)?|cut(?:ting)?\s+myself|hurt(?:ing)?\s+myself"
            r"|burn(?:ed|t|ing)?\s+myself)\b"
            r"|\b(?:self[-\s]?harmed|cut\s+myself|cutting\s+myself|hurting\s+myself"
            r"|took\s+an\s+overdose|taken\s+an\s+overdose|(?:an?\s+)?overdosed"
            # ... or someone they care for: "my son kept hurting himself".
            r"|(?:hurt|hurting|cut|cutting|harm|harming|burn|burning)\s+(?:him|her)self"
            r"|self[-\s]?harms"
            # ... or of a child's arms or legs: "my daughter (year 6) has been cutting her arms"
            # (a parents' survey's, coded to a theme about behaviour).
            r"|(?:cutting|cut|burning|burnt|scratching)\s+(?:her|his|their|my)\s+(?:arms?|legs?"
            r"|wrists?|thighs?|skin)"
            # Welsh: "wedi hunan-niweidio" (has self-harmed), "torri/brifo fy hun" (cut/hurt
            # myself), but not a self-harm service ("gwasanaeth hunan-niweidio").
            r"|wedi\s+(?:bod\s+yn\s+)?hunan[-\s]?niweidio|(?:torri|brifo|niweidio)\s+fy\s+hun)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "suicide",
        re.compile(
            # In the first person, or of someone the writer cares for: a debate on assisted
            # dying ("how and when they want to die") discloses nothing.
            r"\b(?:(?:i|i['’]?m|i\s+am|i\s+was|i\s+felt|i\s+feel|i['’]?ve\s+been|i\s+have\s+been"
            r"|i\s+had\s+been|(?:my|our)\s+\w+\s+(?:is|was|has\s+been))\s+(?:\w+\s+){0,2}?"
            r"(?:suicidal|(?:feeling|thinking)\s+(?:of|about)\s+(?:suicide|ending\s+(?:it|things))"
            r"|(?:want(?:ed)?|wanting)\s+to\s+die)"
            r"|\b(?:kill|killing)\s+myself|tak(?:e|ing)\s+my\s+own\s+life|end(?:ing)?\s+my\s+life"
            r"|(?:thinking|thought|think)\s+(?:about|of)\s+ending\s+(?:things|it\s+all|it)"
            r"|(?:don['’]?t|do\s+not|didn['’]?t|did\s+not)\s+want\s+to"
            r"\s+(?:be\s+here\s+any\s*more|live(?:\s+any\s*more)?|be\s+alive|wake\s+up)"
            # ... thoughts of it, had or thought: "Ive had thoughts of suicide this term" (a
            # module survey's, unflagged), not "thinking about suicide prevention".
            r"|(?:thoughts?|thinking|think)\s+(?:about|of)\s+(?:suicide|killing\s+myself)\b"
            r"(?!\s+(?:prevention|awareness|support|services?|teams?|rates?))"
            r"|(?:feel|feeling|felt)\s+like\s+giving\s+up\s+on\s+(?:everything|life|living)"
            # ... and thoughts of it had or kept: "had suicidal thoughts most days".
            r"|(?:had|have|get|got|getting|my)\s+(?:\w+\s+)?suicidal"
            r"\s+(?:thoughts|feelings|ideation|urges)"
            # ... put as being gone: "it would be easier if I just wasn't here anymore" (an
            # NHS staff survey's, unflagged and quoted), "they'd be better off without me".
            # ... "everyone would be better off if I wasn't here" (a community safety survey's).
            r"|(?:easier|better(?:\s+off)?)\s+(?:for\s+\w+\s+)?if\s+i\s+(?:just\s+)?(?:(?:wasn['’]?t|weren['’]?t"
            r"|was\s+not|were\s+not)\s+(?:here|around|alive)|(?:was|were)\s+gone|died)"
            r"|better\s+off\s+without\s+me|wish\s+i\s+(?:was|were)\s+dead|end(?:ing)?\s+it\s+all"
            # ... or as a plan, or as not going on: "If this happens again I'm going to end
            # it, I can't keep going like this" (an FFT comment, unflagged).
            r"|(?:i['’]?m|i\s+am)\s+going\s+to\s+end\s+it\b(?!\s+(?:with|between))"
            r"|(?:can['’]?t|cannot|can\s+not)\s+(?:keep\s+going|go\s+on|carry\s+on)"
            r"\s+(?:like\s+this|any\s*more)"
            r"|(?:see|saw)\s+(?:the|any)\s+point\s+(?:of|in)\s+(?:going\s+on|living|carrying\s+on"
            r"|being\s+(?:here|alive)(?:\s+any\s*more)?|being\s+around)"
            r"|tried\s+to\s+(?:kill|hang)\s+(?:my|him|her)self|(?:my|his|her)\s+suicide\s+attempt"
            r"|attempted\s+suicide\s+(?:last|in|after|when|while|twice|again)"
            # Welsh: want(ed) to die, kill myself, suicidal thoughts, thinking of suicide.
            r"|(?:eisiau|isio|moyn)\s+marw|lladd\s+fy\s+hun|meddyliau\s+hunanladdol"
            r"|meddwl\s+am\s+(?:hunanladdiad|ladd\s+fy\s+hun))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "abuse",
        re.compile(
            # ... with words between: "He gets drunk and hits me" (a community safety survey's).
            r"\b(?:(?:he|she|they|my\s+\w+)\s+(?:(?:gets|got|is|was)\s+\w+\s+and\s+)?"
            r"(?:hits|hit|beats|beat|kicks|kicked|chokes|choked"
            r"|(?:was|is|were|kept|keeps|has\s+been|had\s+been)\s+(?:hitting|beating|kicking"
            r"|choking|strangling|hurting))\s+me|(?:i\s+am|i['’]m|i\s+was|i['’]ve\s+been|i\s+have\s+been)\s+(?:being\s+)?"
            r"(?:abused|assaulted|raped|beaten)"
            r"|domestic\s+(?:abuse|violence)\s+(?:at\s+home|from\s+my)"
            # ... sexual harassment: "I am being sexually harassed by a member of staff", "a
            # lecturer made sexual comments to me", "touched me and I feel unsafe around him".
            r"|(?:i\s+am|i['’]m|i\s+was|i['’]ve\s+been|i\s+have\s+been)\s+(?:being\s+)?"
            r"sexually\s+(?:harassed|assaulted|abused)"
            r"|(?:made|makes|making)\s+sexual\s+(?:comments|remarks|advances|jokes)\s+"
            r"(?:to|at|towards|about)\s+me"
            r"|touch(?:ed|es|ing)\s+me\s+(?:inappropriately|without|and\s+i\s+(?:feel|felt))"
            r"|(?:feel|felt)\s+unsafe\s+(?:around|near|with)\s+(?:him|her|them|my\s+\w+)"
            # ... threats of violence: "has threatened to stab me", "said he'd stab me" (a
            # housing survey's and an e-scooter consultation's, both unflagged).
            # ... or told them so: "The landowner's son told me he would burn my house down"
            # (a local plan's, unflagged).
            # ... or told a child: "A boy in year 5 told my son he will stab him" (a parents'
            # survey's, quoted in its report).
            r"|(?:threaten(?:s|ed|ing)?\s+to|(?:said|says|told\s+(?:me|us|my\s+\w+|him|her))"
            r"\s+(?:he|she|they)(?:['’]d|['’]ll"
            r"|\s+would|\s+will|\s+was\s+going\s+to))\s+(?:stab|kill|shoot|hurt|batter"
            r"|beat\s+up|burn)\s+(?:me|us|him|her|(?:my|our)\s+\w+)"
            # ... a door kicked in: "My ex keeps turning up and kicking my door in".
            r"|(?:kick(?:s|ed|ing)?|smash(?:es|ed|ing)?)\s+(?:my|our)\s+(?:front\s+)?door\s+in"
            # ... fear of home, in English or Welsh ("ofn mynd adref"): a school consultation's
            # "he's frightened to go home" had been quoted in its report.
            r"|(?:afraid|scared|frightened|terrified)\s+(?:to\s+go|of\s+going)\s+home"
            r"|ofn\s+mynd\s+(?:adref|adre|gartref)"
            # ... threats from someone close: "my ex keeps turning up at my house drunk and
            # threatening me" (a community safety survey's, coded to a theme unflagged).
            r"|(?:he|she|my\s+(?:ex|ex[-\s]?partner|partner|husband|wife|boyfriend|girlfriend"
            r"|son|daughter|dad|father|mum|mother|brother|neighbour))\s+(?:\w+\s+){0,8}?"
            r"(?:threaten(?:s|ed|ing)?|stalk(?:s|ed|ing)?|harass(?:es|ed|ing)?)\s+(?:me|us)"
            # ... followed or stalked: "A man I used to work with keeps following me home" (a
            # community safety survey's, quoted in its report).
            r"|(?:keeps?|kept|has\s+been|have\s+been|is|are|was)\s+(?:\w+\s+)?(?:following|stalking"
            r"|harassing)\s+me\b"
            r"|(?:scared|afraid|frightened|terrified)\s+of\s+my\s+(?:ex|partner|husband|wife"
            r"|boyfriend|girlfriend))\b",
            re.IGNORECASE,
        ),
    ),
    (
        # An adult in care harmed, neglected or robbed by those around them, as social care
        # surveys hear it ("Dad was left in soiled clothes", "the carer took money from my
        # purse", "My nephew has taken over Mum's bank card"): none had been flagged, and one
        # was quoted in a report and named a theme.
        "adult at risk",
        re.compile(
            r"\b(?:left|found|lying)\s+(?:\w+\s+){0,3}?(?:in\s+(?:soiled|wet|dirty)\s+(?:clothes"
            r"|pads?|sheets|bed(?:ding)?)|on\s+the\s+floor\s+(?:all\s+night|for\s+hours))"
            r"|\b(?:she|he|mum|dad|mother|father|my\s+\w+|they)\s+(?:is|was|were|are|has\s+been"
            r"|have\s+been)\s+(?:being\s+)?neglected\b"
            r"|\b(?:not|never|wasn['’]?t|weren['’]?t|didn['’]?t)\s+(?:been\s+)?(?:given|get|got|fed)"
            r"\s+(?:him|her|them)?\s*(?:any\s+)?(?:food|meals?|dinner|lunch|breakfast|drinks?)"
            r"\b[^.!?]{0,40}\b(?:all\s+day|for\s+(?:hours|days)|scared|afraid|again)"
            # ... robbed: money stolen or taken from a purse, a bank card taken over, a pension
            # gone (not "my son takes my pension to the post office for me").
            r"|\b(?:stole|steals|stolen|steal(?:ing)?|helped\s+(?:him|her)sel(?:f|ves)\s+to)\s+"
            r"(?:\w+\s+){0,2}?(?:money|cash|purse|wallet|card|pension|savings|jewellery)"
            r"|\b(?:has|have|had)\s+taken\s+over\s+(?:my|his|her|mum['’]?s|dad['’]?s|their)\s+"
            r"(?:\w+\s+)?(?:bank\s+card|card|money|account|finances|pension)"
            # ... "out of his bank account" too (an FFT comment, unflagged).
            r"|\b(?:took|takes|taking|taken)\s+(?:money|cash)\s+(?:out\s+of|from)\s+(?:my|his|her)\s+"
            # ... whoever's it is: "from my dad's purse" (a GP survey's, made a theme's label).
            r"(?:\w+['’]s\s+)?(?:purse|wallet|(?:bank\s+)?account|bag)"
            # ... or taken to the cash machine by those he fears: "these so called friends take
            # him to the cash machine every pension day and he comes back with nothing".
            r"|\b(?:cash\s*machine|cashpoint|atm|bank|post\s+office)\b[^!?]{0,120}?\b(?:(?:comes?|came)"
            r"\s+back\s+with\s+nothing|(?:is|are|he['’]s|she['’]s)\s+(?:scared|afraid|frightened)"
            r"\s+of\s+them)"
            r"|\b(?:pension|savings|benefits)\s+(?:is|was|has)\s+(?:all\s+)?(?:gone|missing"
            r"|disappeared)\b(?!\s+(?:up|down|on|into|towards|through))"
            r"|\b(?:one\s+of\s+the\s+)?carers?\s+(?:\w+\s+){0,2}?(?:hit|hits|slapped|pushed"
            r"|shoved|kicked|pinched|grabbed|hurt|abused|assaulted)\s+(?:my\s+\w+|him|her|them)\b"
            # ... or old, disabled or housebound and without heat: "My neighbour is 89 and has
            # had no heating for 3 weeks", "Im disabled and housebound and havent had heating
            # or hot water for a month" (a housing survey's; a repair complaint alone is not).
            # ... or with the heating broken, in the same sentence or the next: "I'm 86 and live
            # on my own, the heating has been broken for 3 weeks" (an FFT comment), "I am 84
            # and live alone on Mill Lane. My heating broke in November" (a local plan's).
            r"|\b(?:housebound|bed[-\s]?bound|elderly|frail|(?:i['’]?m|am|is)\s+disabled"
            r"|(?:i['’]?m|is|am|aged)\s+(?:[89]\d|1[01]\d))\b[^!?]{0,100}?\b(?:(?:no|without"
            r"|not\s+had|ha(?:ve|s)n['’]?t\s+had|had\s+no|(?:has|have)\s+had\s+no)\s+(?:any\s+)?"
            r"(?:heating|heat|hot\s+water)|(?:heating|boiler)\s+(?:has\s+been\s+|is\s+|was\s+)?"
            r"(?:broken|not\s+working|broke(?:\s+down)?|packed\s+up))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "child at risk",
        re.compile(
            # A child said to be left alone, unfed or hurt: "The child next door is being left
            # on her own for days" (a GP practice's feedback, unflagged).
            # A particular child, not a statute's "children and youth who are neglected".
            r"\b(?:the|a|my|our|his|her|their|this|that|these|those)\s+"
            r"(?:\w+\s+)?(?:child|children|kids?|baby|babies|toddlers?|little\s+(?:boy|girl|one)s?)\s+"
            # ... where they live said between ("The little boy next door at number 14 is
            # being hit by his dad", a housing survey's).
            r"(?:\w+\s+){0,5}?(?:is|are|was|were|gets?|keeps?\s+getting)\s+(?:being\s+|often\s+"
            r"|always\s+|constantly\s+)?(?:left\s+(?:on\s+(?:his|her|their|there)\s+own|alone|home\s+alone"
            r"|by\s+(?:him|her|them)sel(?:f|ves))|neglected|not\s+(?:being\s+)?fed|starving"
            r"|hit|beaten|abused)\b"
            # ... or hungry and bruised together: "comes in most days with no breakfast and
            # bruises on his arms" (bruises alone are as often a blood test's).
            # ... or followed, threatened or groomed: "A man on the late 101 has been following
            # my 15 year old daughter home and threatening her" (a bus consultation's).
            r"|\b(?:following|followed|stalking|threatening|threatened|harassing|grooming"
            r"|groomed|touching|touched)\s+(?:my|our)\s+(?:\d+[\s-]*(?:year|yr)s?[\s-]*old\s+)?"
            r"(?:daughter|son|child|children|kids?|little\s+(?:boy|girl)|grandson|granddaughter)\b"
            # ... or children named first: "kids in flat 3 are left on there own all weekend".
            r"|^\s*(?:kids|children|the\s+kids)\s+(?:\w+\s+){0,4}?(?:are|were)\s+(?:being\s+)?left\s+"
            r"(?:on\s+(?:their|there)\s+own|alone|home\s+alone)"
            # ... or hurt by an adult named after them: "The little girl in the next bed ... her
            # mum's boyfriend shouted at her and grabbed her arm" (an FFT comment, unflagged).
            r"|\b(?:child|kids?|baby|toddler|little\s+(?:boy|girl|one))\b[^.!?]{0,100}?\b"
            r"(?:boyfriend|girlfriend|partner|dad|father|step\w*|mum|mother|man|woman|uncle)\s+"
            r"(?:\w+\s+){0,6}?(?:grabbed|slapped|hit|punched|kicked|shook|shoved|smacked|hurt)\s+"
            r"(?:her|him)\b"
            # ... or hit by a parent: "My son told his teacher his dad hits him when he's been
            # drinking" (a parents' survey's, coded to a theme about parking).
            r"|\b(?:his|her|their)\s+(?:dad|father|mum|mother|step\w+|parents?|mum['’]s\s+\w+"
            r"|dad['’]s\s+\w+)\s+(?:\w+\s+){0,2}?(?:hits|hit|beats|beat|kicks|kicked|hurts|slaps"
            r"|punches|smacks)\s+(?:him|her|them)\b"
            # ... or out alone at night, or with nobody looking after them: "a little girl at
            # number 9 ... out in the street on her own at 11 at night ... Nobody seems to be
            # looking after her" (a community safety survey's).
            r"|\b(?:child|kids?|little\s+(?:boy|girl|one)s?|toddler)\b[^!?]{0,150}?\bon\s+(?:his|her"
            r"|their|there)\s+own\b[^.!?]{0,40}?\b(?:at\s+night|all\s+night|after\s+dark"
            r"|\d+\s+at\s+night|midnight)"
            r"|\b(?:child|kids?|little\s+(?:boy|girl|one)s?|toddler)\b[^!?]{0,200}?\bnobody\s+"
            r"(?:\w+\s+){0,3}?(?:looking|looks|look)\s+after\s+(?:him|her|them)\b"
            r"|\b(?:no\s+breakfast|hungry|unfed|not\s+(?:been\s+)?fed)\b[^.!?]{0,60}\bbruis"
            r"|\bbruis\w*[^.!?]{0,60}\b(?:no\s+breakfast|hungry|unfed|not\s+(?:been\s+)?fed)\b",
            re.IGNORECASE,
        ),
    ),
)


def safeguarding_reasons(text: str) -> list[str]:
    """The kinds of disclosure `text` appears to make ("self-harm", "suicide", "abuse",
    "adult at risk", "child at risk")."""
    return [kind for kind, pattern in _PATTERNS if pattern.search(text)]
