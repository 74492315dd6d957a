"""Question understanding for the participant register: one table, small named rules.

* ``glossary.json``: the words (events, outcomes, rankings, comparisons,
  quantities, trends, time expressions, empty words, scope, unsupported topics),
  each rule with its example questions.
* :mod:`~assistant.understanding.rules`: the table as typed records.
* :mod:`~assistant.understanding.parser`: a question read word by word against
  the table; tractable only when every word is accounted for.
* :mod:`~assistant.understanding.hints`: what a refusal says the register lacks.

The answer engine (``answer/stats_query.py``), the statistics definitions and
tool descriptions, the Statistik tab and the drafting code all read this table.
"""
