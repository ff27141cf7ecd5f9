"""Untrusted text: recognising attempts to instruct a model, wherever public text arrives
(consultation responses, Ask's questions, documents)."""
