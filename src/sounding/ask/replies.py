"""The fixed replies for questions a step stops: what the user reads instead of an answer."""

from __future__ import annotations

from sounding.ask.state import Status

SEARCH_ADVICE = "You can search GOV.UK at https://www.gov.uk/search."

REPLIES: dict[Status, str] = {
    Status.TOO_LONG: "That question is too long. Please ask it in fewer words ({limit} "
    "characters at most).",
    Status.REFUSED_PII: "Your question seems to include {kinds}. Please do not share personal "
    "details like these: ask again without them. Your question has not been stored with them.",
    Status.JAILBREAK: "I can only answer questions using GOV.UK guidance. Please ask a question "
    "about running a business or government services.",
    Status.PROMPT_INJECTION: "I can only answer questions using GOV.UK guidance. Please ask a "
    "question about running a business or government services.",
    Status.HARMFUL: "I cannot help with that. I can explain what GOV.UK guidance says about "
    "your responsibilities and how to put things right.",
    Status.POLITICAL: "I cannot give political views. I can tell you what GOV.UK guidance "
    "says about a rule or a service.",
    Status.GREETING: "Hello. Ask me a question about running a business or about government "
    "services, and I will answer from GOV.UK guidance.",
    Status.UNCLEAR: "I did not understand that question. Could you ask it another way, with a "
    "little more detail?",
    Status.NOT_ENGLISH: "I can only answer questions written in English, as the guidance is "
    "searched in English. Please ask your question in English.",
    Status.NEEDS_ACCOUNT: "I cannot see your own records or account. I can explain what GOV.UK "
    "guidance says in general; to see your own details, sign in to the service concerned.",
    Status.OUT_OF_SCOPE: "GOV.UK guidance in this index does not cover that. " + SEARCH_ADVICE,
    Status.ADVICE: "I cannot give personal advice or opinions. I can tell you what GOV.UK "
    "guidance says.",
    Status.NO_GUIDANCE: "GOV.UK guidance in this index does not cover that. " + SEARCH_ADVICE,
    Status.ANSWER_CHECK_FAILED: "Sorry, I could not give a reliable answer to that. "
    + SEARCH_ADVICE,
}


#: The greeting status's reply when the greeting is thanks.
THANKS = "You're welcome. Ask another question whenever you need to."


def reply(status: Status, **details: str) -> str:
    return REPLIES[status].format(**details)
