"""Ask: answers to small businesses' questions from GOV.UK guidance, with real links.

`govuk` turns Content API items into passages for the shared `sounding.retrieval` layer;
`checks` and `guardrails` look at a question before anything else does; `extractive`
answers with no model; `compose` answers with one, behind link tokens; `pipeline` runs the
named steps over one `AskState`, any of which may stop with a status and a fixed reply.
"""
