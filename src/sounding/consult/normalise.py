"""Text clean-up and recognition of blanks and non-answers.

Non-answers ("n/a", "no comment", "see previous answer") are counted but never themed:
clustering them would create a confident-looking theme that says nothing.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\ufeff]")
_SPACE = re.compile(r"\s+")
#: A line that ends without punctuation before a line that opens a sentence or an item (a
#: capital, a bullet), or a short one (`_LIST_LINE`): a heading typed on its own line, or one
#: point of a list. Collapsing the break to a space had run the heading into the sentence
#: after it ("Scooters left on pavements are a trip hazard Scooters left on the footway
#: create…" named a theme), an FFT comment's three lines into one label, and a parents'
#: "communication" and "clubs", typed on two lines, into one point. The break is kept, not
#: made a full stop: `split_sentences` ends a sentence there, and the embedding reads it as
#: a space (a full stop re-drew the bills benchmark's clusters, F1 0.488 → 0.466; a kept
#: break, 0.487). A long line going on in lower case, or a line ending on a word that
#: cannot end one ("and", "the", "of"), is one sentence wrapped, and stays joined.
_UNMARKED_LINE_END = re.compile(r"([^\s.!?…:;,]+)[^\S\n]*\n\s*(?=(\S))")
#: Characters of a line, from which a line going on in lower case is a sentence wrapped
#: (typed or pasted with its line breaks) rather than an item of a list.
_LIST_LINE = 40
#: Stands for a kept line break while spaces are collapsed: NUL, which `_CONTROL` removes
#: from the text first.
_BREAK = "\x00"
_WRAPS_AFTER = re.compile(
    r"a|an|and|as|at|but|by|for|from|in|into|of|on|or|the|to|with|than|that|which|who",
    re.IGNORECASE,
)
_NOT_WORD = re.compile(r"[^\w\s]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")

# Matched against `dedup_key` form: lower case, punctuation turned to spaces ("n/a" -> "n a").
# A non-answer may open with "I'm", "I have" or a "no" ("No, nothing") and close with
# politeness ("to be honest", "thanks") or content with things as they are ("No, all good",
# "Nothing, it was fine": nothing to add to what a rating said): "I'm not sure, to be
# honest." says no more than "Not sure". Welsh ones too. A student survey's "nothing its
# good", "idk tbh", "no reason" and "nah" had been coded to complaints or made a theme.
NON_ANSWERS = re.compile(
    r"""^(?:(?:i\ ?m|i\ am|i\ have|i\ ve|i\ really|really|honestly|sorry|no|nope|nah)\ )*
    # ... or with why there is nothing to say yet ("First visit so can't really say", a GP
    # practice's theme of 6).
    (?:(?:it\ s\ |its\ |this\ (?:is|was)\ )?(?:my\ |our\ )?(?:first|1st)\ (?:visit|time
      |appointment|contact)(?:\ here)?(?:\ so|\ and)?\ )?(?:
        n\ ?a | nil | none | nothing | no | nope | nah | null | blank | pass | tbc
      | no\ (?:particular\ |real\ |specific\ )?reasons?
      | not\ applicable | no\ (?:further\ )?comments? | nothing\ (?:further|else|more)
      | nothing\ (?:further\ |else\ |more\ )?to\ (?:add|say)
      # ... or all said already: a council tax consultation's "I think I've said it all" had
      # made a theme of its own.
      | (?:i\ think\ )?(?:i\ ve|ive|i\ have)\ said\ (?:it\ )?all(?:\ i\ (?:want|need)\ to(?:\ say)?
          |\ there\ is\ to\ say)?
      | no\ (?:strong\ )?(?:views?|opinions?|feelings?)(?:\ either\ way)?
      | not\ (?:really\ )?sure | not\ really | unsure | idk | no\ idea | no\ answer
      # ... or not understood: a local plan's "Not sure what this means" had made a theme.
      | not\ sure\ what\ (?:this|that|you|the\ question)\ (?:means?|is\ asking)
      | (?:i\ )?(?:don\ ?t|do\ not)\ understand(?:\ (?:the|this)\ question)?
      # ... "nothing" said otherwise, and as typed: an FFT's "Not a thing" (81) and
      # "Noothing" had made themes.
      | not\ (?:a|one)\ (?:single\ )?thing | absolutely\ nothing | nothing\ whatsoever
      # ... or unable to answer, as a carer filling it in says: an adult social care
      # survey's "Mum can't answer this" and "Dad has dementia and cannot answer this
      # question" had been coded to themes.
      | (?:(?:my\ )?(?:mum|mom|mam|dad|mother|father|husband|wife|partner|son|daughter|nan|gran
          |grandma|grandad|he|she|they|i)\ (?:has\ \w+\ and\ |is\ \w+\ and\ )?)?
        (?:can\ ?t|cannot|can\ not|couldn\ t|is\ unable\ to|isn\ t\ able\ to|unable\ to)
        \ (?:really\ )?answer(?:\ (?:this|that|it|these))?(?:\ (?:question|questions|one))?
      | not\ at\ (?:this\ time|the\ moment|present)
      | n(?:o+|u)th?i+n[gh]?g? | nohing | nothign | nothnig | nothng | notjing | nada | nowt
      | zilch
      | can\ ?t\ (?:really\ )?say
      | (?:hard|difficult|too\ early|too\ soon)\ to\ (?:say|tell)
      | hard\ to\ (?:pick|choose)(?:\ (?:one|just\ one))?
      # Asked what went well, nothing did: no point to theme ("nothing went well" had been
      # coded to a theme of praise for its shared words).
      | nothing\ (?:really\ |at\ all\ )?(?:went\ well|was\ good|good) | none\ of\ it
      | not\ (?:much|a\ lot)(?:\ (?:to\ (?:say|add)|went\ well))? | very\ little
      | dk | d\ k | dunno
      # ... or a key pressed to get past the box, or a laugh: a housing survey's "x" (21)
      # and a consultation's "lol" had been themed and quoted.
      | x+ | lol | lmao | ha(?:ha)+
      | (?:i\ )?don\ ?t\ know | do\ not\ know | don\ ?t\ have\ (?:a|an|any)\ (?:view|opinion)
      | (?:i\ )?can\ ?t\ think\ of\ any(?:thing)?(?:\ else)?
      | (?:nothing|none|not)\ (?:that\ )?i\ can\ think\ of
      # Thanks for the survey itself, which say nothing of its subject.
      | (?:thanks|thank\ you)\ for\ (?:asking|listening|consulting\ (?:us|me)
          | (?:the|this)\ (?:opportunity|chance)(?:\ to\ (?:comment|respond|have\ my\ say))?)
      | (?:good|great|nice|useful)\ survey
      # Nothing to change, however put: a staff survey's "nothing to change" had been coded
      # to a theme of complaint.
      | nothing\ (?:i\ (?:would|d)\ |that\ needs\ |needs\ |to\ )?(?:to\ )?chang(?:e|ing)
      # Nothing singled out, or no experience to speak of: a module survey's "nothing stood
      # out tbh" and a residents' "nothing anymore" had made themes, a GP practice's "Not
      # been this year" had been coded to a complaint.
      | nothing\ (?:really\ |in\ particular\ )?(?:stood\ out|stands\ out|springs?\ to\ mind
          |comes?\ to\ mind|in\ particular|special|specific)
      | (?:i\ )?(?:have\ not|haven\ t|had\ not|not|never)\ (?:been|used\ (?:it|them|the\ service))
          (?:\ (?:this\ year|recently|lately|yet|in\ a\ while|for\ ages))?
      # Leaving it to others, which names no view: a bus consultation's "whatever you
      # think" had been coded to praise of its drivers. Not "meh" or "not bothered": asked
      # why they did not vote, that is the answer (not interested).
      | whatever\ you\ (?:think|decide|want|like) | (?:it\ s\ |its\ )?up\ to\ you
      # Lukewarm and hedged, naming nothing: "It was ok i guess".
      | (?:it|that)\ (?:was|is|s)\ (?:ok|okay|alright|average|meh|so\ so)
          \ (?:i\ guess|i\ suppose)
      # Welsh: "dim" (none), no comment, no idea, no view, don't know, nothing to add, n/a.
      | dim | dim\ byd | dim\ sylw(?:adau)? | dim\ syniad | dim\ barn | amherthnasol
      | dim\ i\ w\ ddweud | dim\ byd\ i\ w\ ychwanegu
      # ... "no thanks" (a parents' survey's "Dim diolch", a theme of its own).
      | dim\ diolch
      | (?:dw\ i\ |dwi\ |rwy\ n\ )?(?:ddim|dim)\ yn\ gwybod | dim\ i\ w\ ychwanegu
      # ... and thanks for asking, listening, the chance to comment.
      | diolch\ am\ (?:ofyn|wrando|y\ cyfle(?:\ i\ (?:roi\ sylwadau|ymateb))?)
    )(?:\ (?:to\ be\ honest|tbh|honestly|really|at\ all|at\ (?:the\ moment|present)
        | at\ this\ (?:time|stage|point)|thanks?|thank\ you|sorry|on\ this|here
        | (?:thanks|thank\ you)\ (?:all|everyone|so\ much|very\ much|again)
        | on\ the\ whole | overall | all\ in\ all | as\ (?:usual|always) | this\ time
        | any\ ?more | these\ days | now | yet
        | keep\ up\ the\ (?:good|great)\ work | keep\ it\ up | carry\ on
        | that\ s\ (?:all|it) | that\ is\ (?:all|it)
        | all\ (?:good|fine|ok|okay)
        | (?:very\ |really\ |quite\ )?(?:happy|satisfied|pleased)(?:\ with\ (?:it|everything))?
        | (?:it|everything|all)\ (?:was|is|s)\ (?:all\ )?(?:fine|good|great|ok|okay|perfect)
        | its\ (?:all\ )?(?:fine|good|great|ok|okay|perfect) | as\ it\ is | as\ is
        # ... and signed off with kisses ("Nothing, keep up the good work! x").
        | x+
    ))*$""",
    re.VERBOSE,
)


def clean(text: str) -> str:
    """Canonical form used for analysis: NFKC, control characters removed, spaces collapsed
    but for a line break that ends a heading or a list's item (`_UNMARKED_LINE_END`)."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _UNMARKED_LINE_END.sub(_end_line, text.strip())
    return _SPACE.sub(" ", text).strip().replace(f" {_BREAK} ", "\n")


def _end_line(match: re.Match[str]) -> str:
    word, after = match[1], match[2]
    start = match.string.rfind("\n", 0, match.start()) + 1
    short = match.end(1) - start < _LIST_LINE
    opens = after.isupper() or after in "-•*"
    ends = (opens or short) and not _WRAPS_AFTER.fullmatch(word)
    return f"{word} {_BREAK} " if ends else f"{word} "


def clip_words(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut between words and marked "…" where cut."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def dedup_key(text: str) -> str:
    """Key under which two responses count as exact duplicates (case, punctuation, spacing)."""
    return _SPACE.sub(" ", _NOT_WORD.sub(" ", text.casefold())).strip()


#: Asked what could be better, an answer that all was well ("All good", "Everything was
#: great thanks", "No complaints") has nothing to code: a feedback survey's "All good" had
#: made a theme of its own under "What could we have done better?". Asked why, it is
#: praise, and kept.
_ALL_WELL = re.compile(
    # ... after a "no" or "nothing" too ("No, excellent as it is", "Nothing really, you're
    # doing a great job": a GP practice's two largest themes of what could improve).
    # ... however the "nothing" is put ("Honestly nothing, you were all amazing", "Can't
    # think of anything, it was all excellent": an FFT's largest themes of what could be
    # better).
    r"^(?:(?:honestly|really|tbh)\ )?(?:(?:no|nope|nah|nothing|not\ really|nothing\ really"
    r"|nothing\ at\ all|not\ a\ thing|(?:i\ )?can\ ?t\ think\ of\ any(?:thing)?)\ )?"
    r"(?:(?:(?:it|everything|all)\ (?:was\ |is\ |s\ )?|its\ )?(?:all\ )?(?:really\ |very\ )?"
    r"(?:good|great|fine|ok|okay|perfect|brilliant|excellent|fantastic|lovely|spot\ on|amazing"
    r"|fab|wonderful|superb)"
    r"|no\ (?:real\ )?(?:complaints?|problems?|issues?|concerns?)"
    # ... or that it should stay so: an FFT's "Keep doing what you're doing" made a theme.
    r"|keep\ (?:doing\ )?(?:what\ you\ (?:re|are)\ doing|up\ the\ (?:good|great)\ work|it\ up)"
    r"|carry\ on(?:\ as\ you\ are)?"
    r"|(?:you\ (?:re|are)|youre)\ (?:all\ )?doing\ (?:a\ )?(?:really\ |very\ )?(?:good|great"
    r"|fantastic|brilliant|amazing|wonderful|excellent)(?:\ job)?"
    # ... or praise of the people: an FFT's "Nothing, you were all amazing" (174) had made
    # the largest theme of what could have been done better.
    # ... whoever is praised ("Nothing, the midwives were fantastic", an FFT's), or however
    # ("no. staff couldn't have been nicer").
    r"|(?:you|everyone|everybody|staff|they|it|(?:all\ )?the\ \w+)\ (?:(?:were|was|are|re|is|s"
    r"|have\ been)\ (?:all\ )?(?:really\ |very\ |so\ |just\ )?(?:good|great|fantastic|brilliant"
    r"|amazing|wonderful|excellent|lovely|perfect|fab|superb|outstanding|kind|helpful|fine)"
    r"|(?:couldn\ ?t|could\ not)\ (?:have\ )?(?:been|be)\ (?:any\ )?(?:better|nicer|kinder"
    r"|more\ (?:helpful|caring)))"
    # ... or that nothing could be better, or no more than that ("Don't think so", "Not that
    # I can think of": an FFT's, themed).
    r"|nothing\ could\ (?:have\ )?(?:been|be)\ (?:done\ )?better"
    r"|(?:it\ )?(?:couldn\ ?t|could\ not)\ (?:have\ )?(?:been|be)\ better"
    r"|(?:i\ )?don\ ?t\ think\ so|not\ that\ i\ (?:can\ )?(?:think\ of|know\ of)"
    # ... or to be kept so: a module survey's "nothing, keep it as it is" (21) had been
    # coded to a complaint.
    r"|keep\ (?:it|things|everything)\ (?:as\ (?:it\ is|they\ are)|the\ same)"
    # ... or that nothing needs improving: a customer-service survey's "no improvements
    # needed" and "Nothing to improve, very happy" were themed beside blanked "Nothing".
    r"|no\ (?:improvements?|changes?)(?:\ (?:needed|necessary|required))?"
    r"|nothing\ (?:to\ |that\ needs\ (?:to\ be\ )?|needs\ (?:to\ be\ )?)improv(?:e|ed|ing))"
    r"(?:\ (?:very\ |really\ )?(?:happy|satisfied|pleased))?"
    r"(?:\ (?:thanks?|thank\ you|really|as\ it\ is|as\ is|already|at\ all|from\ me|here"
    r"|whatsoever|x+))*$"
)


#: Why an answer that points elsewhere is blank: what it says is in a letter or another
#: answer, which an analyst follows up (a holiday-lets consultation's organisations had
#: made "Please see attached letter." the top theme of "Any other comments?").
REFERS_ELSEWHERE = "refers elsewhere"
_ELSEWHERE = re.compile(
    r"""^(?:(?:please|no|sorry)\ )*(?:
        (?:see|refer\ to|read)\ (?:the\ |our\ |my\ )?(?:attached|enclosed|uploaded|covering
          |accompanying|separate|full)(?:\ \w+){0,4}?
          # ... with its appendices named: "See attached representations and appendices
          # (Transport Technical Note, Landscape Appraisal)" (a local plan's, themed).
          (?:\ (?:and|with|plus|including)\ (?:the\ |our\ )?(?:appendices|appendix|annex(?:es)?
            |supporting\ (?:documents?|evidence))(?:\ \w+){0,6})?
          # ... whoever wrote it and however sent: "See attached representations prepared
          # on behalf of Wenham Estates Ltd" (a local plan's theme of its own), "Please see
          # the full representations submitted by email together with the enclosed Vision
          # Document" (one of the same plan's developers', themed).
          (?:\ (?:prepared|submitted|written|sent|made)\ (?:\w+\ ){0,2}?(?:by|on\ behalf\ of
            |separately|to)(?:\ \w+){0,7})?
      # "As set out in the attached letter", "As detailed in our covering letter".
      | as\ (?:set\ out|stated|explained|detailed|outlined|described)\ in\ (?:the\ |our\ |my\ )?
          (?:attached|enclosed|covering|accompanying|separate|full|previous)
          (?:\ \w+){1,3}
      | (?:see|refer\ to|as\ per|as\ in)\ (?:our|my|the)\ (?:\w+\ )?(?:answers?|responses?
          |replies|reply|comments?)\ (?:to|at|in|under|for|on)\ (?:question|q)\ ?\d+[a-z]?
      | (?:see|refer\ to|as\ per)\ (?:our|my)
          # ... a consultation's stage or date between ("As per my Regulation 18 response").
          \ (?:full\ |separate\ |written\ |formal\ |previous\ |earlier\ |last\ |\w+\ \d+\ )?
          (?:response|submission|letter|email|e\ mail|report|complaint|answer|comments?
            |representations?|statement)
          (?:\ \w+){0,4}
          # ... to an earlier stage named: "As per our previous response to the Issues and
          # Options consultation" (a local plan's, coded to Other).
          (?:\ \w+\ (?:consultation|stage|draft))?
          # ... however long its posting is put: "See my letter emailed to the Director of
          # Education on 3rd March" (a school consultation's, themed).
          (?:\ (?:sent|emailed|posted|dated|submitted|addressed|delivered)(?:\ \w+){0,8})?
      # "See my answer above", "See letter sent by post", "I have posted a letter" (a
      # consultation's "See letter sent by post." had made a theme of its own).
      | (?:see|refer\ to|as\ per)\ (?:my|our|the)\ (?:\w+\ )?(?:answers?|responses?|comments?)
          \ (?:above|below|before|earlier)
      | (?:see\ )?(?:my\ |our\ |the\ )?(?:letter|response|comments?|submission)
          \ (?:sent|posted|submitted|emailed)(?:\ (?:by|in\ the|via)\ (?:post|mail|email|e\ mail))?
      | (?:i\ |we\ )?(?:have\ |ve\ )?(?:sent|posted|emailed)\ (?:a|my|our)\ (?:letter|response
          |submission)(?:\ \w+){0,3}
      # "Our detailed response is set out in the attached submission" (an e-scooter
      # consultation's organisations, themed and made a label).
      | (?:our|my)\ (?:\w+\ )?(?:response|submission|letter|views?|comments?)\ (?:is|are)
          \ (?:set\ out|given|included|detailed|explained|contained)\ in\ (?:the\ |our\ |my\ )?
          (?:attached|enclosed|covering|accompanying|separate|full)(?:\ \w+){0,3}
      # "Same as my answer to Q1" (six, a theme of their own).
      | (?:the\ )?same\ as\ (?:(?:my|our|the)\ (?:\w+\ )?(?:answers?|responses?|comments?)
          \ (?:to|for|in|at|on)\ )?(?:question|q)\ ?\d+[a-z]?
      | (?:our|my)\ (?:full\ |separate\ |written\ |formal\ )?(?:response|submission|letter)
          \ (?:is\ |has\ been\ |was\ |will\ be\ )?(?:attached|enclosed|sent|submitted|emailed)
          (?:\ \w+){0,3}
      | see\ (?:above|below) | as\ above | same\ as\ (?:above|before)
      # ... however the answer pointed at is named ("Please see our response to the route 42
      # question above", "See answer to previous question", "ditto": a bus consultation's,
      # coded to themes or made one of their own).
      | ditto | as\ per\ (?:above|before) | as\ (?:stated|said|mentioned|explained|noted)
          \ (?:above|before|previously|earlier)
      | (?:see|refer\ to|as\ per)\ (?:our\ |my\ |the\ )?(?:\w+\ )?(?:answers?|responses?
          |replies|reply|comments?)\ (?:to|at|in|under|for|on)\ (?:the\ |our\ |my\ )?
          (?:\w+\ ){0,4}?(?:question|q)(?:\ ?\d+[a-z]?)?(?:\ (?:above|below|before|earlier))?
      | (?:our|my|the\ \w+(?:\ s)?)\ (?:comments?|views?|response|answer)\ (?:are|is)
          \ (?:(?:set\ out|given|included|made|covered|provided)\ )?(?:in|under|at)
          \ (?:our\ |my\ |the\ )?(?:\w+\ ){0,4}?(?:question|q|answer|response)
          (?:\ ?\d+[a-z]?)?(?:\ (?:above|below))?
      | see\ (?:my\ |our\ )?(?:previous|earlier|above|prior)(?:\ (?:answers?|responses?|comments?
          |questions?))?
      # "Same as previous answer", "As I said before": a council tax consultation's and a
      # library review's, coded to themes or made one of their own.
      | (?:the\ )?same\ as\ (?:my\ |the\ )?(?:previous|last|earlier|prior|before)
          (?:\ (?:answers?|responses?|comments?|questions?))?
      | as\ (?:i|we)\ (?:ve\ |have\ )?(?:stated|said|mentioned|explained|noted|put|wrote)
          \ (?:above|before|previously|earlier)
      | as\ previously\ (?:stated|said|mentioned|explained|noted)
      | (?:as\ )?(?:per|see)\ (?:q|question)\ ?\d+[a-z]?
      # Welsh: see above, as above, see my previous answer, see the attached letter.
      | gweler\ uchod | fel\ uchod | (?:yr\ )?un\ fath\ ag?\ uchod
      | gweler\ (?:fy|ein|y)\ (?:ateb|sylwadau|llythyr|ymateb)(?:\ \w+){0,2}
    )(?:\ (?:thanks?|thank\ you|please))*$""",
    re.VERBOSE,
)


#: Why an answer to what could be better is blank when it says nothing needs to be ("All
#: good", "Nothing, you were all amazing", "No"): counted apart from non-answers, so that a
#: report can say how many were content (an FFT's 293 had vanished among its blanks).
NOTHING_TO_IMPROVE = "nothing to improve"
#: Such an answer's opening, as `NON_ANSWERS` reads it: "Nothing", "No", "None", not "No
#: idea", "Not sure" or "Nothing to add".
_NOTHING = re.compile(
    r"^(?:(?:honestly|really|tbh|no)\ )?(?:no|nope|nah|none|nil|nothing|not\ (?:a|one)\ thing"
    r"|absolutely\ nothing|not\ really|nothing\ (?:really|at\ all|whatsoever)"
    r"|(?:i\ )?can\ ?t\ think\ of\ any(?:thing)?)"
    r"(?!\ (?:idea|comments?|answer|sure|views?|opinion|reason|particular|strong|further|more"
    r"|else|to\ add|to\ say))(?:\ |$)"
)


#: Why an answer that only offers to be contacted is blank: it makes no point, but its
#: respondent asked for a call or an email, which someone follows up (a community safety
#: survey's "Happy to talk more about this, my email is …" had been left in Other).
OFFERS_CONTACT = "offers to be contacted"
#: An answer that only offers to be contacted, however reached ("Happy to discuss, ring me
#: on 07700 900461"): a small-business survey had themed and quoted it as "Leave it to the
#: market". Matched in `dedup_key` form, so an email address reads "jo example com". The
#: number may come first: "+44 7700 900123 call me" had made a local plan's theme "Call me".
_CONTACT_DETAIL = (
    r"[0-9][0-9\ ]{5,}|[a-z0-9]+(?:\ [a-z0-9]+){0,3}\ (?:com|org|net|co\ uk|org\ uk|gov\ uk)"
)
_CONTACT_ONLY = re.compile(
    rf"""^(?:(?:{_CONTACT_DETAIL})\ (?=[a-z]))?
    (?:(?:i\ m|i\ am|i\ d\ be|we\ re|we\ are|we\ d\ be)\ )?
    (?:(?:happy|willing|glad)\ to\ (?:discuss|talk|chat)(?:\ (?:further|more))?
      (?:\ (?:about|on)\ (?:this|it|that))?\ ?)?
    (?:(?:please\ )?(?:feel\ free\ to\ )?(?:ring|call|phone|contact|email|e\ mail|text)
      \ (?:me|us)(?:\ (?:on|at|via|any\ ?time))?\ ?)?
    # ... and where to: "my email is j.morris@example.com or 07700 900234" (a community
    # safety survey's, left in Other).
    (?:(?:my|our)\ (?:email|e\ mail|number|phone|mobile|phone\ number|mobile\ number)
      (?:\ address)?\ is)?
    (?:\ ?(?:{_CONTACT_DETAIL})(?:\ or\ (?:{_CONTACT_DETAIL}))?)?
    $""",
    re.VERBOSE,
)
#: A spreadsheet formula given as the answer ("=HYPERLINK(…)", "=A1*2"), or a call to
#: another program through one ("=cmd|' /C calc'!A0", which a bin consultation had left in
#: Other): no view in it.
FORMULA = "formula"
_FORMULA = re.compile(
    r"^\s*[=@]\s*(?:[A-Za-z][A-Za-z0-9.]*\s*\(|\$?[A-Z]{1,3}\$?\d)|^\s*[=+\-@]\s*[A-Za-z][\w.]*\s*\|"
)


def blank_reason(cleaned: str, asks_for_better: bool = False) -> str | None:
    """Why a cleaned response is a non-answer, or None if it is substantive; where the
    question `asks_for_better` (what could improve), saying all was well or that nothing
    needs to be is one too (`NOTHING_TO_IMPROVE`). An answer that points to a letter or
    another answer is `REFERS_ELSEWHERE`; one that only offers to be contacted,
    `OFFERS_CONTACT`."""
    if not cleaned:
        return "empty"
    if not _HAS_LETTER.search(cleaned):
        return "no words"
    key = dedup_key(cleaned)
    if _ELSEWHERE.match(key):
        return REFERS_ELSEWHERE
    if asks_for_better and (
        _ALL_WELL.match(key) or (NON_ANSWERS.match(key) and _NOTHING.match(key))
    ):
        return NOTHING_TO_IMPROVE
    if NON_ANSWERS.match(key):
        return "non-answer"
    if key and _CONTACT_ONLY.match(key):
        return OFFERS_CONTACT
    if _FORMULA.match(cleaned):
        return FORMULA
    return None
