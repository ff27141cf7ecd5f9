"""Evaluate: Sounding's tasks in the UK AI Security Institute's Inspect format.

Any model is tested on a department's own tasks, and so is the whole Sounding system (the
`sounding/…` model providers run Sounding's pipeline, with its redaction, guardrails and
link tokens, around a configured model or none). Logs are Inspect's own `.eval` files, so
`inspect view` opens them; `report` turns them into one HTML page to share.

Nothing here is imported by Sounding's other capabilities; `_registry` is what Inspect's
entry point loads, and it imports no model or data until a task or provider is used.
"""
