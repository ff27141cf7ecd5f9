"""Questions Ask should not answer, recognised without a model.

Four kinds, each a short list of patterns over the folded text (see
`sounding.safety.injection.normalise_for_matching`), chosen for few false alarms on
ordinary business questions:

- jailbreak: role-play and "no rules" framings ("you are now DAN", "developer mode",
  "pretend you have no restrictions");
- prompt injection: what Consult already flags (instructions to ignore instructions,
  messages addressed to an AI, chat-template tokens), plus requests for the hidden prompt;
- harmful: help to break the law that a business might ask for (evading tax, paying under
  the minimum wage, faking records, dodging an inspection);
- political: party politics and opinions on government.

With a model, the router and the answer checks look again; offline these patterns are all
there is, and paraphrases that avoid their vocabulary get through (see the benchmark).
"""

from __future__ import annotations

import re

from sounding.safety.injection import injection_reason, normalise_for_matching

_JAILBREAK = re.compile(
    r"\b(?:dan|do anything now|developer mode|jailbreak|jailbroken|god mode|unfiltered mode"
    r"|(?:you|who|assistant|bot|ai|chatbot|model) (?:\w+ ){0,2}(?:with|have|has|had) no"
    r" (?:rules|restrictions|limits|filters|guidelines)"
    r"|without (?:any )?(?:rules|filters|guidelines|censorship)|(?:answer|respond|reply|talk"
    r"|speak) (?:\w+ ){0,3}without (?:any )?(?:restrictions|limits)|(?:pretend|imagine"
    r"|act as if|suppose) (?:that )?you (?:are|were|have|had)|you are now|from now on you"
    r"|(?:let s|lets|let us) role ?play|role ?play as|stay in character"
    r"|opposite mode|evil (?:ai|assistant|twin)|unrestricted (?:ai|assistant|mode)|admin override"
    r"|debug mode|acknowledge and comply|new rule every answer)\b"
)
_PROMPT_LEAK = re.compile(
    r"\b(?:(?:show|reveal|print|repeat|tell me|give me|output|display|what (?:is|are))"
    r" (?:me )?(?:your (?:(?:full|hidden|secret|original|initial|exact) )?(?:system )?|the"
    r" (?:(?:full|hidden|secret|original|initial|exact) (?:system )?|system )|the (?=prompt))"
    r"(?:prompt|instructions|rules|configuration|guidelines))\b|(?:repeat|print|show"
    r"|reveal|output|list) (?:\w+ ){0,5}instructions you (?:were|have been|ve been) given"
    r"|\bassistant instructions?\b|\bignore (?:the|your|all|any) (?:sources|guidance|context"
    r"|documents)\b"
)
_HARMFUL = re.compile(
    r"\b(?:"
    + "|".join(
        (
            r"evad\w*|dodg\w*|fak\w*|forge|forged|forging|forgery|fiddl\w*|falsif\w*",
            r"launder\w*|bribe\w*|cook the books|under the table|cash in hand|off the books",
            r"avoid (?:paying|declaring|telling|being caught|getting caught|detection"
            r"|an inspection)",
            r"(?:hide|hiding|conceal\w*) (?:\w+ ){0,6}(?:income|earnings|cash|money|profits?"
            r"|takings|sales|from hmrc|from the taxman)",
            r"without (?:hmrc|the taxman|anyone|them) (?:knowing|finding out|noticing)",
            r"get away with|not get caught|without getting caught|so it looks like",
            r"make it look like|so (?:she|he|they) (?:can t|cannot|won t) (?:claim|complain|sue)",
            r"get rid of (?:a |an |my |our )?(?:pregnant|disabled|sick|older|black|gay|muslim"
            r"|jewish)",
        )
    )
    + r")\b"
)
_HARMFUL_OBJECT = re.compile(
    r"\b(?:tax|vat|national insurance|hmrc|minimum wage|records?|payslips?|timesheets?|income"
    r"|earnings|wages?|inspector\w*|inspection|payroll|books|accounts|sick notes?|fit notes?"
    r"|right to work|invoices?|caught|staff|employees?|workers?|certificates?|matb1|documents?"
    r"|discrimination|performance)\b"
)
_POLITICAL = re.compile(
    r"\b(?:labour|conservatives?|tory|tories|lib dems?|liberal democrats?|reform uk|snp"
    r"|plaid cymru|green party|prime minister|chancellor|keir starmer|rishi sunak"
    r"|(?:which|what) (?:political )?party|vote for|voting for|political part(?:y|ies)"
    r"|government (?:is|are) (?:useless|rubbish|wrong|right|doing|failing|incompetent|corrupt)"
    r"|(?:your|the chatbot s) (?:opinion|view) (?:on|of) (?:the )?(?:government|minister|policy"
    r"|brexit|election))|(?:attack\w*|criticis\w*|campaign\w*) (?:\w+ ){0,2}(?:the )?(?:current )?"
    r"government\b|\b(?:do|don t) you (?:think|agree) (?:that )?(?:the )?(?:government|minister"
    r"|prime minister|chancellor)"
)


def flag(question: str) -> tuple[str, str] | None:
    """(kind, reason) when the question looks adversarial; kind is one of "jailbreak",
    "prompt_injection", "harmful", "political"."""
    text = normalise_for_matching(question)
    flat = re.sub(r"[^a-z0-9]+", " ", text).strip()
    if _JAILBREAK.search(flat):
        return "jailbreak", "asks the assistant to drop its rules or play a part"
    if reason := injection_reason(question):
        return "prompt_injection", reason
    if _PROMPT_LEAK.search(flat):
        return "prompt_injection", "asks for the hidden instructions"
    if _HARMFUL.search(flat) and _HARMFUL_OBJECT.search(flat):
        return "harmful", "asks for help to break the law"
    if _POLITICAL.search(flat):
        return "political", "asks about party politics or for an opinion on government"
    return None
