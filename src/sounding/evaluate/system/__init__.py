"""Sounding's system as Inspect model providers: `sounding/consult`, `sounding/ask`,
`sounding/assist`, and `sounding/system` (each task's prompt goes to the capability it is
for). Each runs Sounding's own pipeline — redaction, guardrails, link tokens — offline, or
around a model: `-M wrap=<inspect model>` or `-M llm=true` (the [llm] of sounding.toml)."""
