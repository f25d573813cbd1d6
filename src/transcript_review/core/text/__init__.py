"""A transcript as it is read: text, paragraphs, words, markers, items and anchors.

Owns reading a transcript file (``decoding``: encodings, BOMs, line ends, refusals;
``wrong_file``: caption files and sidecars given as transcripts), its structure
(``transcript``: paragraphs, headings, speakers, stamps, words, sentences; ``words``;
``timecodes``), its gaps and uncertain passages (``markers``) and the items made of them
with ids (``items``), word-level differences (``diff``) and the TextQuote/TextPosition anchors
that find a passage again after the text changed (``anchors``). Nothing here knows about
sidecars, corrections or sessions.

May import: foundation
"""
