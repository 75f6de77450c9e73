"""What the aligner sees of a text: its units (blocks, or the sentences of blocks) and,
for each, the features that survive translation.

- the length, in characters other than spaces;
- the numbers (years, amounts: their digits, whatever the separators);
- marks that translators keep: question and exclamation marks, brackets, quotation marks;
- whether it is a heading;
- its *terms*, the words a bilingual lexicon is learned on: words cut to their first
  five letters (a crude stem that works for most languages that inflect at the end),
  written in Latin letters whatever their script (so that names and borrowed words,
  "Trotsky" and "Троцкий", meet), a second form without the first letter (for the
  languages that join articles and prepositions to the front of a word, as Arabic and
  Hebrew do), and, in scripts written without spaces (Chinese, Japanese, Thai...),
  single ideographs and pairs of characters.

Everything here is pure: texts in, features out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from anyascii import anyascii
from numpy.typing import NDArray

from toolkit.sentences import sentence_spans

STEM = 5
# A heading, when the markup does not say: at most this many words and characters.
HEADING_WORDS, HEADING_CHARACTERS = 8, 60


def _combining_marks() -> str:
    """The combining marks (vowel signs, viramas, vowel points...) as a regex class body:
    ``\\w`` stops at them, and they belong to their words."""
    ranges: list[tuple[int, int]] = []
    # The Basic Multilingual Plane holds the marks of every script in use today.
    for code in range(0x0300, 0x10000):
        if unicodedata.category(chr(code)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
                   for low, high in ranges)


_MARKS_CLASS = _combining_marks()
_WORD = re.compile(r"(?:\w|[" + _MARKS_CLASS + r"])+")
_MARK_RUN = re.compile("[" + _MARKS_CLASS + "]+")
# Digits of any script; thousands parted by a full stop, a comma, or a (narrow) no-break or thin space.
_NUMBER = re.compile("\\d+(?:[.,\u00a0\u202f\u2009]\\d+)*")
_NOT_LATIN = re.compile(r"[^a-z0-9]")
_THAI = re.compile("[\u0e00-\u0e7f]")
MARKS = "?!()[]\"«»“”„¿¡"
_MARK = re.compile("[" + re.escape(MARKS) + "]")
_TERMINAL = tuple(".,;:!?…。，、；：！？»\"”)")
# A block ending in one of these stops mid-sentence: the sentence runs on into the next block.
_OPEN_END = tuple(",;-–—、，；")
# ... unless it ends a sentence (the quotation marks and brackets that close one aside).
_SENTENCE_END = tuple(".!?…。！？｡．؟۔।॥።։‼⁇")
_CLOSERS = "\"'”’»)]）」』"
# Scripts written without spaces between words, and the ideographs among them.
_UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x3040, 0x30FF), (0x3400, 0x9FFF),
             (0xF900, 0xFAFF), (0x20000, 0x2FFFF))
_IDEOGRAPHS = ((0x3400, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFF))
# ... and those of them that write letters: Thai, Lao, Myanmar, Khmer.
_ALPHABETIC_UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF))


def _character_class(ranges: tuple[tuple[int, int], ...]) -> re.Pattern[str]:
    return re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in ranges) + "]")


_UNSPACED_CHAR = _character_class(_UNSPACED)
_ALPHABETIC_UNSPACED_CHAR = _character_class(_ALPHABETIC_UNSPACED)


def _within(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


@lru_cache(maxsize=200_000)
def word_terms(word: str) -> tuple[str, ...]:
    """Give the terms of one case-folded word.

    >>> word_terms("declaración"), word_terms("троцкий")
    (('decla', '~eclar'), ('trots', '~роцки'))
    >>> word_terms("人权")
    ('人', '人权', '权')
    """
    if _UNSPACED_CHAR.search(word):
        if _ALPHABETIC_UNSPACED_CHAR.search(word):
            # Thai and its neighbours write letters, not ideographs: runs of three letters (vowel
            # signs and tone marks aside, which vary where the word does not) are about as
            # specific as words; pairs recur in too many words to tell anything.
            letters = [char for char in _MARK_RUN.sub("", word) if not char.isdigit()]
            return tuple(dict.fromkeys("".join(letters[k:k + 3]) for k in range(max(1, len(letters) - 2))))
        # Pairs of characters, and each ideograph alone.
        terms: list[str] = []
        chars = [char for char in word if not char.isdigit()]
        for k, char in enumerate(chars):
            if _within(char, _IDEOGRAPHS):
                terms.append(char)
            if k + 1 < len(chars):
                terms.append(char + chars[k + 1])
        return tuple(terms)
    latin = word if word.isascii() else _NOT_LATIN.sub("", anyascii(word).lower())
    if not latin:
        return ()
    found = [latin[:STEM]]
    if len(word) > STEM:
        found.append("~" + word[1:1 + STEM])
    bare = _without_proclitics(word)
    if bare != word:
        # The same term as the word standing alone.
        found.append(_NOT_LATIN.sub("", anyascii(bare).lower())[:STEM])
    return tuple(found)


# Arabic and Hebrew write conjunctions, prepositions and the article as one word with the
# next: "والحقوق", wa-al-huquq, "and the rights"; "ובכבוד", "and in dignity".
_ARABIC_PROCLITICS = (("وال", "فال", "بال", "كال", "لل", "ال"), ("و", "ف"), ("ب", "ك", "ل"))
_HEBREW_PROCLITICS = "והבכלמש"


def _without_proclitics(word: str) -> str:
    """The word without the particles Arabic and Hebrew join to its front, where at least three
    letters remain; any other word as it is.

    >>> _without_proclitics("والحقوق"), _without_proclitics("ובכבוד"), _without_proclitics("rights")
    ('حقوق', 'כבוד', 'rights')
    """
    first = word[:1]
    if "\u0600" <= first <= "\u06ff":
        for group in _ARABIC_PROCLITICS:
            for particle in group:
                if word.startswith(particle) and len(word) - len(particle) >= 3:
                    word = word[len(particle):]
                    break
        return word
    if "\u0590" <= first <= "\u05ff":
        for _ in range(2):
            if word[:1] in _HEBREW_PROCLITICS and len(word) > 4:
                word = word[1:]
        return word
    return word


def terms(text: str) -> list[str]:
    """Give the terms of *text*, in order (numbers left to :func:`numbers`).

    >>> terms("The Revolution, 1917!")
    ['the', 'revol', '~evolu']
    """
    found: list[str] = []
    for word in _WORD.findall(unicodedata.normalize("NFKC", text).casefold()):
        if not word.isdigit():
            found.extend(word_terms(word))
    return found


def numbers(text: str) -> tuple[str, ...]:
    """Give the numbers of *text*, their separators dropped.

    >>> numbers("In 1917, 6.5 million (or 7,000,000)")
    ('1917', '65', '7000000')
    """
    return tuple("".join(str(unicodedata.digit(char)) for char in number if char.isdigit())
                 for number in _NUMBER.findall(text))


def marks(text: str) -> tuple[str, ...]:
    """Give the marks of *text* that translations usually keep.

    >>> marks('«¿Qué?» (dijo)')
    ('«', '¿', '?', '»', '(', ')')
    """
    return tuple(_MARK.findall(text))


def looks_like_heading(text: str) -> bool:
    """Whether *text* reads like a heading: short (in words, and in characters, for the
    scripts written without spaces between words), and without the punctuation that ends a
    sentence.

    >>> looks_like_heading("Article 5"), looks_like_heading("Everyone has the right to life.")
    (True, False)
    """
    stripped = text.strip()
    return (0 < len(_WORD.findall(stripped)) <= HEADING_WORDS and length(stripped) <= HEADING_CHARACTERS
            and not stripped.endswith(_TERMINAL))


def length(text: str) -> int:
    """Give the length of *text* in characters other than spaces.

    >>> length(" two  words ")
    8
    """
    return len("".join(text.split()))


@dataclass(frozen=True)
class Units:
    """The units of one text and their features, in order; ``block`` is the block each unit
    belongs to (the unit itself when the units are blocks)."""

    texts: tuple[str, ...]
    block: NDArray[np.int64]
    lengths: NDArray[np.float64]
    numbers: tuple[tuple[str, ...], ...]
    marks: tuple[tuple[str, ...], ...]
    headings: NDArray[np.bool_]
    terms: tuple[tuple[int, ...], ...]
    # Which units are (of) list items, where the markup says; None where it does not.
    items: NDArray[np.bool_] | None = None
    # Which units end a block in mid-sentence, the sentence running on into the next block.
    runs_on: NDArray[np.bool_] | None = None

    def __len__(self) -> int:
        return len(self.texts)

    def of_blocks(self, first: int, last: int) -> Units:
        """Give the units of blocks *first* .. *last* - 1, their blocks counted from *first*."""
        low = int(np.searchsorted(self.block, first))
        high = int(np.searchsorted(self.block, last))
        return Units(self.texts[low:high], self.block[low:high] - first, self.lengths[low:high],
                     self.numbers[low:high], self.marks[low:high], self.headings[low:high], self.terms[low:high],
                     None if self.items is None else self.items[low:high],
                     None if self.runs_on is None else self.runs_on[low:high])


class Vocabulary:
    """Numbers for terms, shared by both texts so that a term written alike on both sides
    (a name, a borrowed word) is one term."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        # Terms of each word, as numbers: a text's words repeat, and each is read once.
        self._word_ids: dict[str, tuple[int, ...]] = {}

    @property
    def names(self) -> list[str]:
        """The terms, by number."""
        return list(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def term_ids(self, text: str) -> tuple[int, ...]:
        """Give the distinct terms of *text* as numbers, in order of first appearance."""
        ids, word_ids = self.ids, self._word_ids
        found: list[int] = []
        for word in _WORD.findall(unicodedata.normalize("NFKC", text).casefold()):
            numbers = word_ids.get(word)
            if numbers is None:
                numbers = word_ids[word] = () if word.isdigit() else tuple(
                    ids.setdefault(term, len(ids)) for term in word_terms(word))
            found += numbers
        return tuple(dict.fromkeys(found))


def text_units(texts: Sequence[str], vocabulary: Vocabulary, headings: Sequence[bool] | None = None,
               items: Sequence[bool] | None = None) -> tuple[Units, Units]:
    """Give a text's blocks and their sentences as units; *headings* says which blocks are
    headings, where the markup knows (otherwise a short line without closing punctuation
    counts as one), and *items* which are list items."""
    open_ends = runs_on(texts, headings)
    # A short line inside a sentence ("The General Assembly" after "Now, therefore,") is no heading.
    heads = [bool(headings[k]) if headings is not None else
             looks_like_heading(text) and not (k and open_ends[k - 1]) for k, text in enumerate(texts)]
    sentence_texts: list[str] = []
    owner: list[int] = []
    for index, text in enumerate(texts):
        for sentence in split_sentences(text):
            sentence_texts.append(sentence)
            owner.append(index)
    sentence_terms = [vocabulary.term_ids(text) for text in sentence_texts]
    sentence_numbers = [numbers(text) for text in sentence_texts]
    sentence_marks = [marks(text) for text in sentence_texts]
    sentence_lengths = np.array([length(text) for text in sentence_texts], dtype=np.float64)
    owners = np.array(owner, dtype=np.int64)
    block_terms: list[tuple[int, ...]] = [() for _ in texts]
    block_numbers: list[tuple[str, ...]] = [() for _ in texts]
    block_marks: list[tuple[str, ...]] = [() for _ in texts]
    for k, index in enumerate(owner):
        block_terms[index] += sentence_terms[k]
        block_numbers[index] += sentence_numbers[k]
        block_marks[index] += sentence_marks[k]
    blocks = Units(
        texts=tuple(texts),
        block=np.arange(len(texts), dtype=np.int64),
        lengths=np.bincount(owners, weights=sentence_lengths, minlength=len(texts)).astype(np.float64)
        if len(owner) else np.zeros(len(texts)),
        numbers=tuple(block_numbers),
        marks=tuple(block_marks),
        headings=np.array(heads, dtype=bool),
        terms=tuple(tuple(dict.fromkeys(found)) for found in block_terms),
        items=None if items is None else np.array([bool(item) for item in items], dtype=bool),
        runs_on=np.array(open_ends, dtype=bool),
    )
    sentences = Units(
        texts=tuple(sentence_texts),
        block=owners,
        lengths=sentence_lengths,
        numbers=tuple(sentence_numbers),
        marks=tuple(sentence_marks),
        headings=np.array([heads[index] for index in owner], dtype=bool),
        terms=tuple(sentence_terms),
        items=None if items is None else np.array([bool(items[index]) for index in owner], dtype=bool),
        runs_on=np.array([open_ends[index] and (k + 1 == len(owner) or owner[k + 1] != index)
                          for k, index in enumerate(owner)], dtype=bool),
    )
    return blocks, sentences


def runs_on(texts: Sequence[str], headings: Sequence[bool] | None = None) -> list[bool]:
    """Say of each block whether it ends in mid-sentence, its sentence running on into the
    next block: it ends with a comma, a semicolon or a dash; or it follows such a block and
    ends no sentence itself; or the next block starts with a small letter. Translators join
    such blocks more readily than others. A heading, where the markup says, never runs on.

    >>> runs_on(["Now, therefore,", "The General Assembly", "Proclaims this Declaration.", "Article 1"])
    [True, True, False, False]
    """
    out: list[bool] = []
    for k, text in enumerate(texts):
        stripped = text.strip()
        if not stripped or (headings is not None and headings[k]):
            out.append(False)
            continue
        ends_sentence = stripped.rstrip(_CLOSERS).endswith(_SENTENCE_END)
        following = texts[k + 1].lstrip() if k + 1 < len(texts) else ""
        out.append(stripped.endswith(_OPEN_END) or (not ends_sentence and (
            (k > 0 and out[k - 1]) or (following[:1].islower() and not stripped.endswith(":")))))
    return out


def split_sentences(text: str) -> list[str]:
    """Give the sentences of a block for the aligner: as :mod:`toolkit.sentences` cuts them,
    except that Thai, which writes no sentence punctuation, stays whole (its spaces part
    phrases as often as sentences)."""
    if _THAI.search(text):
        return [text]
    return [text[start:end] for start, end in sentence_spans(text)] or [text]
