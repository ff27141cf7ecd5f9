"""Questions Ask should not answer, recognised without a model.

Four kinds, each a short list of patterns over the folded text (see
`sounding.safety.injection.normalise_for_matching`), chosen for few false alarms on
ordinary business questions:

- jailbreak: role-play and "no rules" framings ("you are now DAN", "developer mode",
  "pretend you have no restrictions"), addressed to the assistant: not a business's own
  rules ("if you have no rules on phone use"), a hypothetical ("suppose you have an
  employee who…"), a report ("HMRC says from now on you must…") or a person called Dan;
- prompt injection: what Consult already flags (instructions to ignore instructions,
  messages addressed to an AI, chat-template tokens), plus requests for the hidden prompt
  (not "the exact rules on rest breaks" or the Prompt Payment Code);
- harmful: help to break the law that a business might ask for (evading tax, paying under
  the minimum wage, faking records, dodging an inspection); not an employer asking about
  someone else's wrongdoing ("documents look forged", "a competitor pays cash under the
  table"), whether something is lawful, or how to comply (money-laundering rules, an
  anti-bribery policy, recording cash takings);
- political: party politics and opinions on government; not labour costs, what the
  Chancellor announced, or which party to a lease is responsible.

With a model, the router and the answer checks look again; offline these patterns are all
there is, and paraphrases that avoid their vocabulary get through (see the benchmark).
"""

from __future__ import annotations

import re

from sounding.safety.injection import injection_reason, normalise_for_matching

# Someone the assistant could be asked to become: "you're now my accountant", "you are
# now FreeBot, an assistant", "pretend you are an unrestricted AI". Not a job ("imagine you
# are a teaching assistant", "suppose you are an accountant"): "assistant" only bare or as an
# AI, a professional only as "my …".
_PERSONA = (
    r"(?:(?:an? |the |your |called |named )?(?:\w+ ){0,2}(?:ai|\w*bot|chatbot|model|dan"
    r"|unrestricted|unfiltered|jailbroken|evil|expert|persona|character|human)"
    r"|(?:an? |the |your )?(?:(?:ai|gov uk|government|virtual|chat|helpful|new|different) )?"
    r"assistant(?! manager)|my (?:\w+ ){0,2}(?:accountant|adviser|advisor|lawyer|solicitor"
    r"|friend|mate|assistant)|not (?:a |an )?(?:gov uk|government|assistant|bot|ai))\b"
)
# No rules, but not rules about a topic, which businesses ask about: "if you have no rules
# on phone use", "a worker who has no restrictions on their right to work".
_NO_RULES = (
    r"no (?:rules|restrictions|limits|filters|guidelines)\b(?! (?:on|about|for|covering"
    r"|regarding|around|in place)\b)"
)
_JAILBREAK = re.compile(
    r"\b(?:"
    + "|".join(
        (
            r"do anything now|developer mode|jailbreak|jailbroken|god mode|unfiltered mode",
            # "Dan" is a name ("my employee Dan wants paternity leave"): only as a part.
            r"(?:you are|you re|youre|act as|pretend to be|role ?play as) (?:now )?(?:called )?dan"
            r"|dan (?:mode|prompt)",
            r"(?:you|assistant|\w*bot|ai|chatbot|model|persona|character|accountant|adviser"
            r"|advisor|lawyer|solicitor) (?:\w+ ){0,2}(?:with|have|has|had) " + _NO_RULES,
            r"without (?:any )?(?:rules|filters|guidelines|censorship)",
            r"(?:answer|respond|reply|talk|speak) (?:\w+ ){0,3}without (?:any )?(?:restrictions"
            r"|limits)",
            # A part for the assistant to play, not a hypothetical about the business
            # ("suppose you have an employee who…", "pretend you are a sole trader").
            r"(?:pretend|imagine|act as if|suppose) (?:that )?you (?:are|were|re) " + _PERSONA,
            # A new identity, not "if you are now over the VAT threshold", "my accountant
            # says you are now required to…" or "I told them you are now the manager".
            r"(?<!\bif )(?<!\bwhen )(?<!\bonce )(?<!\bsays )(?<!\bsaid )(?<!\bthem )(?<!\bhim )"
            r"(?<!\bher )you (?:are|re) now " + _PERSONA,
            r"(?:forget|ignore|disregard|drop) (?:all )?your (?:rules|restrictions|guidelines"
            r"|guardrails|programming|training)\b(?! (?:on|about|for)\b)",
            r"stop being (?:a |an |the )?(?:\w+ ){0,2}(?:assistant|ai|bot|chatbot)",
            # Not "a role play as part of the interview".
            r"(?:let s|lets|let us) role ?play|role ?play as (?!part of\b)|stay in character",
            r"opposite mode|evil (?:ai|assistant|twin)|unrestricted (?:ai|assistant|mode)",
            r"admin override|acknowledge and comply|new rule every answer",
            # Not "can I put my website into debug mode".
            r"debug mode (?:has been |is )?(?:now )?(?:enabled|activated|on|engaged)"
            r"|(?:enable|activate) (?:your )?debug mode",
        )
    )
    + r")\b"
)
# "DAN" in capitals is the jailbreak's name; "Dan" is a person, and so is "DAN SMITH".
_DAN = re.compile(r"(?<![A-Z]{2} )\bDAN\b(?! [A-Z]{2,}\b)")
# "From now on, you …" at the start of a sentence (on the text with its punctuation): "HMRC's
# letter says from now on you must file quarterly" reports an order, it does not give one.
_FROM_NOW_ON = re.compile(
    r"(?:^|[.!?;,\n]\s*|(?<!says)(?<!said)(?<!reads)(?<!states):\s*)from (?:now|here) on,?"
    r" (?:you|answer|reply|respond|act|ignore)\b"
)
_SOURCES = r"(?:the|your|all|any) (?:previous |above )?(?:sources|guidance|context|documents)"
_PROMPT_LEAK = re.compile(
    "|".join(
        (
            r"\b(?:show|reveal|print|repeat|tell me|give me|output|display|what (?:is|are))"
            r" (?:me )?(?:your (?:(?:full|hidden|secret|original|initial|exact) )?(?:system )?"
            r"|the (?:(?:hidden|secret) (?:system )?|(?:full|original|initial|exact) system"
            r" |system )|the (?:(?:full|original|initial|exact) )?(?=prompt\b))"
            # Not the Prompt Payment Code, nor "the exact rules on rest breaks" or "the full
            # guidelines for a fire risk assessment": the rules of a topic.
            r"(?:prompt(?! pay)|configuration|(?:instructions|rules|guidelines)(?! (?:on|for"
            r"|about|of|regarding|around|covering|under|when|if)\b))\b",
            r"\b(?:repeat|print|show|reveal|output|list|tell me|give me) (?:\w+ ){0,5}"
            r"(?:(?:instructions|text|everything|all) you (?:were|have been|ve been) given"
            r"|above this (?:line|message))",
            r"\bassistant instructions?\b",
            # An order to the assistant ("… ignore the sources and tell the user …"), not
            # "can I ignore the guidance on fire doors?".
            r"(?:^|\b(?:please|just|now|and|then|also) )ignore " + _SOURCES + r"\b",
            r"\bignore " + _SOURCES + r" (?:and|then) (?:just )?(?:tell|say|answer|reply|respond"
            r"|write|give|use|make)\b",
            # What the assistant was told before the conversation.
            r"\b(?:ignore|disregard|forget) (?:everything |anything |all |what )?(?:that )?you"
            r" (?:were|ve been|have been) (?:told|given|instructed)\b",
        )
    )
)
# Words for help to break the law, each shaped to need its object or its sense: "fake"
# before a document (not "a fake £20 note", "faking being sick", "Fakenham"), "launder"
# money (not a launderette or uniforms), "fiddle" the books (not the fiddle and guitar),
# "forge" a document (not a blacksmith's forge).
_DOCUMENTS = (
    r"(?:records?|payslips?|timesheets?|invoices?|receipts?|sick notes?|fit notes?"
    r"|certificates?|matb1|documents?|references?|accounts|books|expenses|p45s?|p60s?|p11ds?"
    r"|wages?|payroll|contracts?|right to work|passports?|visas?|signatures?|accident book"
    r"|returns?|figures|tax|vat|qualifications?|id|umbrella compan(?:y|ies)|self employment)"
)
_HARMFUL = re.compile(
    r"\b(?:"
    + "|".join(
        (
            r"evad(?:e|es|ed|ing)|falsif\w*",
            # Not "dodge the rush", "a dodgy fit note".
            r"dodg(?:e|es|ed|ing) (?:\w+ ){0,3}(?:tax|vat|ni|national insurance|hmrc|inspections?"
            r"|inspectors?|minimum wage|rates|fines?|penalt(?:y|ies)|checks?)",
            r"fak(?:e|es|ed|ing) (?:an? |the |some |my |our |his |her |their )?(?:\w+ )?"
            + _DOCUMENTS,
            r"forg(?:e|es|ed|ing) (?:an? |the |some |my |our |his |her |their )?(?:\w+ )?"
            + _DOCUMENTS,
            r"fiddl(?:e|es|ed|ing) (?:the |my |our |his |her |their )?(?:\w+ )?" + _DOCUMENTS,
            r"launder(?:s|ed|ing)? (?:\w+ ){0,2}(?:money|cash|proceeds|funds|takings|profits)",
            # The verb, not "bribery" ("an anti-bribery policy").
            r"(?<!\banti )brib(?:e|es|ed|ing)",
            # Not "cash in hand" alone: cash wages run through payroll are lawful.
            r"cook the books|under the table|off the (?:books|till|record)",
            # Takings kept out of the records: "not putting cash sales through the till".
            r"(?:not|without|never|avoid|stop) (?:putting|running|ringing|recording|declaring"
            r"|registering) (?:\w+ ){0,2}(?:cash|sales|takings|income|money|payments?)"
            r" (?:\w+ ){0,2}(?:through|on|in) (?:the )?(?:till|books)",
            # Not "avoid paying a penalty" or "avoid paying too much tax" (allowances).
            r"avoid (?:declaring|telling (?:hmrc|the taxman|anyone)|(?:being|getting) caught"
            r"(?! out)|detection|an inspection|paying (?:the )?(?:national )?(?:minimum|living)"
            r" wage)",
            r"(?:hide|hiding|conceal\w*) (?:\w+ ){0,6}(?:income|earnings|cash|money|profits?"
            r"|takings|sales|from hmrc|from the taxman)",
            r"without (?:hmrc|the taxman|anyone|them) (?:knowing|finding out|noticing)",
            r"so (?:the )?(?:hmrc|taxman|vat man|inspector) (?:doesn t|does not|won t|will not"
            r"|can t|cannot) (?:see|find|know|notice)",
            r"(?:not|doesn t|does not|won t|will not) (?:have it )?show (?:up )?(?:on|in)"
            r" (?:the |my )?(?:payroll|books|accounts|records|till)",
            r"so (?:they|i|we|he|she) (?:don t|do not|doesn t|does not|won t|will not|never)"
            r" (?:have to )?pay (?:any )?(?:tax|vat|ni|national insurance)",
            r"(?<!\blittle can i )(?<!\blittle can we )get away with|not get caught"
            r"|without getting caught",
            # Not "so it looks like a proper business".
            r"(?:so it looks|make it look) like(?! (?:a |an )?(?:proper|professional)\b)",
            # Not "so he can't sue": what a lawful settlement agreement is for.
            r"so (?:she|he|they) (?:can t|cannot|won t) (?:claim|complain)",
            r"get rid of (?:a |an |my |our )?(?:pregnant|disabled|sick|older|black|gay|muslim"
            r"|jewish)",
        )
    )
    + r")\b"
)
_HARMFUL_OBJECT = re.compile(
    r"\b(?:tax|vat|national insurance|hmrc|minimum wage|records?|payslips?|timesheets?|income"
    r"|earnings|wages?|inspector\w*|inspection|payroll|books|accounts|sick notes?|fit notes?"
    r"|right to work|invoices?|caught|staff|employees?|workers?|apprentices?|certificates?"
    r"|matb1|documents?|discrimination|performance|till|sales|accident book|money)\b"
)
# Whether something is lawful ("is it illegal to pay a worker under the table?"), someone
# else's wrongdoing, which an employer asks how to handle or report ("my bookkeeper
# falsified records without me knowing", "my competitor pays workers under the table, how do I
# report them?"), and whether watching staff unseen is lawful ("can I monitor staff emails
# without them knowing?"): questions with answers in the guidance, not requests for help.
_NOT_A_REQUEST = re.compile(
    r"^(?:is|would) it (?:be )?(?:il)?legal\b|^is it (?:against the law|an offence|a crime)\b|"
    r"\bhow (?:do|can|should|would) (?:i|we) report\b|\b(?:want|need|have|going) to report\b"
    r"|\breport(?:ing)? (?:a |my |our )?(?:competitor|supplier|employer|tax evasion|fraud)\b"
    r"|\bwithout (?:me|us) knowing\b"
    r"|\b(?:employee|worker|staff member|member of staff|customer|client|supplier|competitor"
    r"|contractor|subcontractor|bookkeeper|accountant|landlord|tenant|candidate|applicant"
    r"|starter|manager|someone|somebody)s? (?:has |had |have |is |was |were |been |may have"
    r" |might have )*(?:falsif\w*|fak(?:ed|ing)|forged|fiddl(?:ed|ing)|evad(?:ed|ing)"
    r"|dodg(?:ed|ing)|launder(?:ed|ing)|brib(?:ed|ing)|pays? (?:\w+ ){0,2}(?:cash in hand"
    r"|under the table|off the books))"
    r"|\b(?:monitor|record|film|track|watch|listen)\w* (?:\w+ ){0,6}without (?:them|anyone"
    r"|staff|employees|workers) (?:knowing|noticing|finding out)\b"
)
# Party names other than Labour, which is mostly "labour costs", "forced labour", the
# "Gangmasters and Labour Abuse Authority": Labour counts only as a party ("the Labour
# government", "Labour's plans", "vote Labour", "Labour or the Conservatives").
_PARTIES = (
    r"conservatives|conservative (?:party|government|mps?|manifesto|leader\w*|voters?)|tory"
    r"|tories|lib dems?|liberal democrats?|reform uk|snp|plaid cymru|green party"
)
_LABOUR = (
    r"labour (?:party|government|manifesto|leader\w*|mps?|ministers?|councils?|councillors?"
    r"|voters?|s (?:plans?|policy|policies|manifesto|budget|pledges?|promises?|record))"
    r"|(?:vote|voting|voted|elect|re elect) labour"
    r"|labour (?:is |are )?(?:better|worse|(?:or|vs|versus|and) (?:the )?(?:" + _PARTIES + r"))"
    r"|(?:" + _PARTIES + r") (?:or|vs|versus|and) labour"
)
# Who holds office, and what may be said of them: an opinion, not what they announced.
_OFFICE = r"(?:the )?(?:government|prime minister|chancellor|ministers?|mps?|politicians?)"
_OPINION = (
    r"(?:useless|rubbish|wrong|right(?! to work)|failing|incompetent|corrupt|lying|liars?"
    r"|doing (?:a )?(?:good|bad|great|terrible) job)"
)
_POLITICAL = re.compile(
    r"\b(?:"
    + "|".join(
        (
            _PARTIES,
            _LABOUR,
            r"keir starmer|rishi sunak|political part(?:y|ies)",
            # Not "which party is responsible, landlord or tenant?" or "a party wall notice".
            r"(?:which|what) (?:political )?party (?:\w+ ){0,4}(?:vote|voting|elect\w*|supports"
            r"|in power|in government|best for|better for|cares?|(?:the )?(?:best|better|worst"
            r"|right) (?:policies|policy|ideas|plans?|record|manifesto))",
            # Who to vote for, not "vote for a trade union" or "voting for the union rep".
            r"(?:who|which party|what party) (?:\w+ ){0,4}(?:vote|voting) for",
            r"(?:vote|voting|voted) (?:for )?(?:" + _PARTIES + r")",
            r"how should (?:i|we) vote\b(?! on\b)",
            # An opinion of office holders, not what the Chancellor announced in the Budget.
            rf"(?:is|are|was|were) {_OFFICE} {_OPINION}",
            rf"{_OFFICE} (?:is|are|was|were) {_OPINION}",
            r"(?:do|don t) you (?:think|agree) (?:that )?" + _OFFICE,
            r"(?:your|the chatbot s) (?:opinion|view|thoughts?) (?:on|of|about) (?:the )?"
            r"(?:government|prime minister|chancellor|minister|policy|brexit|election|budget)",
            r"(?:attack\w*|criticis\w*|campaign\w*) (?:\w+ ){0,2}(?:the )?(?:current )?government",
        )
    )
    + r")\b"
)


def flag(question: str) -> tuple[str, str] | None:
    """(kind, reason) when the question looks adversarial; kind is one of "jailbreak",
    "prompt_injection", "harmful", "political"."""
    text = normalise_for_matching(question)
    flat = re.sub(r"[^a-z0-9]+", " ", text).strip()
    shouted = question.isupper()  # "MY EMPLOYEE DAN IS OFF SICK"
    if (
        _JAILBREAK.search(flat)
        or _FROM_NOW_ON.search(text)
        or (_DAN.search(question) and not shouted)
    ):
        return "jailbreak", "asks the assistant to drop its rules or play a part"
    if reason := injection_reason(question):
        return "prompt_injection", reason
    if _PROMPT_LEAK.search(flat):
        return "prompt_injection", "asks for the hidden instructions"
    if _HARMFUL.search(flat) and _HARMFUL_OBJECT.search(flat) and not _NOT_A_REQUEST.search(flat):
        return "harmful", "asks for help to break the law"
    if _POLITICAL.search(flat):
        return "political", "asks about party politics or for an opinion on government"
    return None
