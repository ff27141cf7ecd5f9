"""Assist in the web app: each user's document collections, shared with named people, and
questions answered from them with a citation to every page used. The reading, indexing
and answering are `sounding.services.assist`; this app keeps who may see what."""
