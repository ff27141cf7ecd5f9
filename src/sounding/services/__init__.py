"""Sounding's use cases, called alike by the command line, the web app and what comes next.

- `inputs`: read a consultation file, with the user's choice of columns (and sheet).
- `consult`: analyse it, discovering themes or using a codebook's (the web app's re-assign
  is the deductive analysis), with or without a language model.
- `model`: the configured language model for any capability, its calls logged and cached.
- `ask`: index GOV.UK guidance and answer questions from it.
- `assist`: add documents to a collection; ask, summarise and draft from them.
- `export`: one output file of an analysis, rendered alone.
- `search`: responses ranked by meaning, as the analysis embedded them.
- `embedding`: the configured embedding model behind the vector cache, loaded per run or
  shared by a long-lived process.
"""
