"""Assist: summarise and question uploaded documents, with citations to the page.

`extract` reads each format into `ExtractedDocument`s (pages of heading and text blocks);
`collection` keeps a collection's documents and passages (through `sounding.retrieval`);
`summarise` and `answer` work offline and, where a model is configured, with it, every
citation checked against the page it names.
"""
