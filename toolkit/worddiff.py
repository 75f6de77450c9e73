"""Word-level differences between two texts, from diff-match-patch in a word mode.

Each distinct token (a word, a run of spaces, a punctuation mark) is mapped to
one character, as diff-match-patch's line mode does for lines; the diff runs
on those strings, with semantic cleanup so that a rewritten phrase reads as
one change, and with no time limit so that the result never depends on the
machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from diff_match_patch import diff_match_patch

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
# Skip the surrogate range, which cannot stand alone in a Python string.
_FIRST_CODE = 0x100
_SURROGATES = range(0xD800, 0xE000)

Operation = Literal["equal", "delete", "insert"]
_OPERATIONS: dict[int, Operation] = {0: "equal", -1: "delete", 1: "insert"}


@dataclass(frozen=True)
class Piece:
    """A run of text that both texts share, or that only one has."""

    op: Operation
    text: str


def tokens(text: str) -> list[str]:
    """Give the words, spaces and punctuation marks of *text*, in order.

    >>> tokens("With a delay of 60 years.")
    ['With', ' ', 'a', ' ', 'delay', ' ', 'of', ' ', '60', ' ', 'years', '.']
    """
    return _TOKEN.findall(text)


def _encode(words: list[str], table: dict[str, str], alphabet: list[str]) -> str:
    chars: list[str] = []
    for word in words:
        char = table.get(word)
        if char is None:
            code = _FIRST_CODE + len(alphabet)
            if code >= _SURROGATES.start:
                code += len(_SURROGATES)
            char = chr(code)
            table[word] = char
            alphabet.append(word)
        chars.append(char)
    return "".join(chars)


def word_diff(old: str, new: str) -> list[Piece]:
    """Give the word-level differences that turn *old* into *new*.

    >>> [(p.op, p.text) for p in word_diff("a delay of 60 years", "a delay of 70 years")]
    [('equal', 'a delay of '), ('delete', '60'), ('insert', '70'), ('equal', ' years')]
    """
    table: dict[str, str] = {}
    alphabet: list[str] = []
    first = _encode(tokens(old), table, alphabet)
    second = _encode(tokens(new), table, alphabet)
    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    diffs = engine.diff_main(first, second, False)
    engine.diff_cleanupSemantic(diffs)
    pieces: list[Piece] = []
    for code, chars in diffs:
        text = "".join(alphabet[_index(char)] for char in chars)
        if text:
            pieces.append(Piece(_OPERATIONS[code], text))
    return pieces


def _index(char: str) -> int:
    code = ord(char)
    if code >= _SURROGATES.stop:
        code -= len(_SURROGATES)
    return code - _FIRST_CODE


def inline_diff(old: str, new: str, context: int = 4) -> str:
    """Give the changes from *old* to *new* on one line, ``[-old-]{+new+}``, with a few
    words of context around each change and ``…`` where unchanged text is left out.

    >>> inline_diff("With a delay of 60 years the plan failed.", "With a delay of 70 years the plan failed.")
    'With a delay of [-60-]{+70+} years the plan failed.'
    """
    pieces = word_diff(old, new)
    parts: list[str] = []
    for index, piece in enumerate(pieces):
        if piece.op == "delete":
            parts.append(f"[-{piece.text}-]")
        elif piece.op == "insert":
            parts.append(f"{{+{piece.text}+}}")
        else:
            parts.append(_context(piece.text, context, index > 0, index < len(pieces) - 1))
    return " ".join("".join(parts).split())


def _context(text: str, size: int, after_change: bool, before_change: bool) -> str:
    words = text.split(" ")
    if after_change and before_change:
        if len(words) <= 2 * size + 1:
            return text
        return " ".join(words[: size + 1]) + " … " + " ".join(words[-size - 1 :])
    if after_change:
        return text if len(words) <= size + 1 else " ".join(words[: size + 1]) + " …"
    if before_change:
        return text if len(words) <= size + 1 else "… " + " ".join(words[-size - 1 :])
    return text


def similarity(old: str, new: str) -> float:
    """Give how alike two texts are, 0 to 1: the share of their tokens that the word diff keeps.

    >>> similarity("one two three", "one two three")
    1.0
    """
    pieces = word_diff(old, new)
    kept = sum(len(tokens(piece.text)) for piece in pieces if piece.op == "equal")
    total = len(tokens(old)) + len(tokens(new))
    return 1.0 if total == 0 else 2 * kept / total
