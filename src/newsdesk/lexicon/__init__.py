"""The ground-floor lexicon: English word lists and word-folding rules every stage shares.

Plain data and pure functions, importing nothing from the stages (tests/test_import_graph.py puts
it on the ground floor): the stemmers (:mod:`.stem`), the stop-word lists (:mod:`.stopwords`),
month and weekday tables (:mod:`.calendar`), number words with their reader (:mod:`.numbers`),
the unit table (:mod:`.units`), the gazetteer (:mod:`.gazetteer`), the cue verbs of reported speech
(:mod:`.cues`) and the word tokens of copied text with the copy fingerprints' shingle size
(:mod:`.copytext`).
Long lists live as data files under ``newsdesk/data/``; a second language adds its own files.
"""
