"""Questions that only follow another: "Please explain your answer", "Why do you say that?".

Survey tools put such a question after each closed one and often number it as a question of
its own ("Q3. …agree or disagree?" then "Q4. Please explain your answer"). Its words say
nothing of what it follows, so the closed question before it is what it asks about: the
reader needs that question beside it, and its answers take that question's stance.
"""

from __future__ import annotations

import re

#: A question's number before its words: "Q4.", "Q4)", "Question 4:", "4." or "4a -".
_NUMBER = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d+[a-z]?\s*[.):\-–]?\s+", re.IGNORECASE)

#: Follow-ups that say nothing of what they follow: a parents' survey's and a bus
#: consultation's report had headed questions so.
_FOLLOW_UP = re.compile(
    r"^\s*(?:(?:please\s+)?(?:explain|give\s+(?:your\s+)?reasons?)(?:\s+(?:your|for\s+your)"
    r"\s+(?:answer|choice|view|response))?|why(?:\s+(?:is\s+that|not|do\s+you\s+say\s+(?:that|this)))?"
    r"|(?:please\s+)?(?:tell\s+us\s+)?why|(?:any\s+)?(?:other\s+)?comments?|reasons?)\W*$",
    re.IGNORECASE,
)


def is_bare_follow_up(text: str) -> bool:
    """Whether a question (or column name) is a follow-up that names nothing of its own,
    its number aside: "Q4. Please explain your answer" is; "Why do you use the bus?" is
    not."""
    return bool(_FOLLOW_UP.match(_NUMBER.sub("", text, count=1)))
