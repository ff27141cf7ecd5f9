"""Every prompt Sounding sends to a language model, in one place and versioned.

Each module holds one capability's prompts and a `VERSION` recorded in outputs, so a change
to any wording is visible in results and in the call log.
"""
