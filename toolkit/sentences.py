"""Split a block's text into sentences, in any script, keeping every character.

Used where one paragraph of a translation stands for two source blocks and must
be cut between them: a cut is only ever made between two sentences. A sentence
ends

- after ``.``, ``!``, ``?``, ``…`` (and their full-width forms), the Arabic
  ``؟`` and full stop ``۔``, the Armenian ``։``, the Ethiopic ``።``, the
  Khmer ``។`` and the Myanmar ``။``, followed by space and then something that
  does not continue a sentence: not a lower-case letter nor a digit (so that
  "p. 252" and "e.g. this" stay whole), and not after a single capital letter
  (an initial, "J. Smith");
- after the CJK ``。！？`` and the Devanagari dandas ``।`` ``॥``, space or not;
- at a space between two Thai characters (Thai writes no sentence punctuation:
  a space is what separates its sentences).

Closing quotation marks and brackets after the mark stay with the sentence
they close. Everything here is pure and works on plain text, never on markup.
"""

from __future__ import annotations

import re

# Marks that end a sentence only when space and a sentence start follow.
_SPACED_ENDS = frozenset(".!?…؟۔։።។။‼⁇⁈⁉﹒﹖﹗")
# Marks that end a sentence wherever they stand (scripts written without spaces).
_CLOSED_ENDS = frozenset("。！？｡।॥")
# What may follow the mark and still belong to the sentence: closing quotes and brackets.
_CLOSERS = frozenset("\"'”’»›)]}」』）】〕〉》〗〙〛")
_THAI = range(0x0E00, 0x0E80)
_THAI_CHAR = re.compile("[\u0e00-\u0e7f]")
# A run of end marks; with Thai, a space too.
_CANDIDATE = re.compile("[" + re.escape("".join(sorted(_SPACED_ENDS | _CLOSED_ENDS))) + "]+")
_THAI_CANDIDATE = re.compile("[" + re.escape("".join(sorted(_SPACED_ENDS | _CLOSED_ENDS))) + "]+|\\s")


def _is_thai(char: str) -> bool:
    return ord(char) in _THAI


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Give the (start, end) offsets of the sentences of *text*, whitespace between them left out.

    >>> text = "It was 1917. «¿Qué?» No. 5 was p. 252."
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['It was 1917.', '«¿Qué?»', 'No. 5 was p. 252.']
    """
    cuts: list[int] = []
    length = len(text)
    has_thai = _THAI_CHAR.search(text) is not None
    # Only the places where a sentence may end are visited: runs of end marks (and, in
    # Thai, spaces), found at C speed; the rest of the text is skipped.
    finder = _THAI_CANDIDATE if has_thai else _CANDIDATE
    position = 0
    while True:
        found = finder.search(text, position)
        if found is None:
            break
        position = found.start()
        char = text[position]
        if char in _CLOSED_ENDS or char in _SPACED_ENDS:
            end = found.end() if not char.isspace() else position + 1
            while end < length and text[end] in _CLOSERS:
                end += 1
            if char in _CLOSED_ENDS or _starts_sentence(text, position, end):
                cuts.append(end)
            position = end
            continue
        if 0 < position and _is_thai(text[position - 1]):
            after = position
            while after < length and text[after].isspace():
                after += 1
            if after < length and _is_thai(text[after]):
                cuts.append(position)
            position = after
            continue
        position += 1
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in cuts + [length]:
        begin, end = start, cut
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        if begin < end:
            spans.append((begin, end))
        start = cut
    return spans


def _starts_sentence(text: str, mark: int, end: int) -> bool:
    """Whether a sentence starts after the end mark at *mark* (its closers running to *end*)."""
    if end >= len(text) or not text[end].isspace():
        return False
    after = end
    while after < len(text) and text[after].isspace():
        after += 1
    if after == len(text):
        return False
    following = text[after]
    if following.islower() or following.isdigit():
        return False
    if text[mark] == ".":
        # An initial ("J. Smith"): one capital letter standing alone before the full stop.
        word_start = mark
        while word_start > 0 and not text[word_start - 1].isspace():
            word_start -= 1
        word = text[word_start:mark]
        if len(word) == 1 and word.isupper():
            return False
    return True


def sentences(text: str) -> list[str]:
    """Give the sentences of *text*, in order, each without the spaces around it.

    >>> sentences("Lenin vio el peligro. Elaboró las condiciones: eran las siguientes.")
    ['Lenin vio el peligro.', 'Elaboró las condiciones: eran las siguientes.']
    >>> sentences("这是第一句。这是第二句！")
    ['这是第一句。', '这是第二句！']
    >>> sentences("यह पहला वाक्य है। यह दूसरा है।")
    ['यह पहला वाक्य है।', 'यह दूसरा है।']
    """
    return [text[start:end] for start, end in sentence_spans(text)]
