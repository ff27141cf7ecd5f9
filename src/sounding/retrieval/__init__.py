"""Finding the passages of a document collection that answer a question.

Shared by Ask (GOV.UK guidance) and Assist (uploaded documents): HTML and markdown become
heading and text blocks (`markup`), cut into passages at their headings (`passages`),
stored with their vectors so unchanged passages are never embedded twice (`store`), and
searched by words and meaning at once, the two rankings fused (`lexical`, `fusion`,
`index`). Sentences that answer the question are picked out of the passages found
(`extract`). No web framework and no model provider here.
"""
