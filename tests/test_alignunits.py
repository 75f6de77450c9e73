"""What the aligner sees of a text (toolkit.alignunits): terms in any script, numbers, marks,
headings, lengths; a text's blocks and sentences as units, and the vocabulary they share."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.alignunits import (
    MARKS,
    STEM,
    Units,
    Vocabulary,
    length,
    looks_like_heading,
    marks,
    numbers,
    runs_on,
    split_sentences,
    terms,
    text_units,
    word_terms,
)

# --- terms ----------------------------------------------------------------------------------------


def test_latin_words_are_cut_to_a_stem_with_a_variant_without_their_first_letter() -> None:
    assert word_terms("revolution") == ("revol", "~evolu")
    assert word_terms("state") == ("state",)  # five letters or fewer: no variant
    assert word_terms("of") == ("of",)
    # Inflections that differ after the fifth letter meet.
    assert word_terms("revolutionary")[0] == word_terms("revolutions")[0] == "revol"
    assert terms("The Revolution, 1917!") == ["the", "revol", "~evolu"]


def test_terms_are_case_folded_and_accents_dropped_from_the_stem() -> None:
    assert terms("RÉVOLUTION") == terms("révolution")
    assert terms("révolution")[0] == "revol"
    assert terms("Straße") == terms("STRASSE")  # casefold, not lower


def test_cyrillic_greek_and_latin_names_share_their_stem_after_transliteration() -> None:
    assert terms("Троцкий")[0] == terms("Trotsky")[0] == "trots"
    assert terms("Революция")[0] == terms("revolution")[0] == "revol"
    assert terms("Ελευθερία")[0] == "eleyt"
    # The variant keeps the word's own script.
    assert terms("Троцкий")[1] == "~роцки"


@pytest.mark.parametrize("prefixed, other", [
    ("والثورة", "بالثورة"),  # Arabic: "and the revolution", "by the revolution"
    ("במהפכה", "למהפכה"),  # Hebrew: "in the revolution", "to the revolution"
])
def test_a_word_with_a_one_letter_prefix_shares_the_variant_without_it(prefixed: str, other: str) -> None:
    # The stems differ (the prefixes do), the variants without the first letter are one term.
    assert terms(prefixed)[0] != terms(other)[0]
    assert terms(prefixed)[1] == terms(other)[1] == "~" + prefixed[1:1 + STEM]
    assert terms(prefixed)[1].startswith("~")


def test_arabic_and_hebrew_stems_are_in_latin_letters() -> None:
    for word in ("الثورة", "המהפכה"):
        stem = terms(word)[0]
        assert stem and stem.isascii() and len(stem) <= STEM


def test_chinese_gives_ideographs_and_pairs_of_characters() -> None:
    assert word_terms("人权") == ("人", "人权", "权")
    assert terms("人人生而自由。") == ["人", "人人", "人", "人生", "生", "生而", "而", "而自", "自", "自由", "由"]
    # Digits inside a run of ideographs are left to numbers().
    assert terms("第1条") == ["第", "第条", "条"]
    assert numbers("第1条") == ("1",)


def test_japanese_kana_gives_pairs_but_not_single_characters() -> None:
    # Kana are written without spaces but are not ideographs: pairs only.
    assert word_terms("すべて") == ("すべ", "べて")


def test_thai_gives_runs_of_three_letters_without_vowel_signs_and_tone_marks() -> None:
    assert word_terms("ประกาศ") == ("ประ", "ระก", "ะกา", "กาศ")
    # มนุษย์: the vowel sign ุ and the mark ์ left out, so that มนษ is a term.
    assert word_terms("มนุษย์") == ("มนษ", "นษย")
    assert all(len(term) == 3 for term in terms("มนุษย์ทั้งหลายเกิดมามีอิสระ"))
    assert word_terms("กา") == ("กา",)


def test_words_are_found_between_any_punctuation_and_numbers_are_not_terms() -> None:
    assert terms("«¿Qué?», dijo; 1917-1936.") == ["que", "dijo"]
    assert terms("") == [] and terms("  ... 42 ") == []


@pytest.mark.parametrize("word", ["स्वतंत्रता", "স্বাধীনতা", "சுதந்திரம்", "שָׁלוֹם"])
def test_a_word_with_combining_marks_is_one_word(word: str) -> None:
    assert terms(word) == list(word_terms(word.casefold()))


# --- numbers, marks, headings, lengths ---------------------------------------------------------------


def test_numbers_keep_their_digits_whatever_the_separators() -> None:
    assert numbers("In 1917, 6.5 million (or 7,000,000)") == ("1917", "65", "7000000")
    # The same amount written in the English and the continental way is one number.
    assert numbers("1,000,000.50") == numbers("1.000.000,50") == ("100000050",)
    assert numbers("２０２４") == ("2024",)  # full-width digits, through NFKC
    assert numbers("Article 5, paragraph 2.") == ("5", "2")
    assert numbers("no numbers here") == ()


@pytest.mark.parametrize("written", ["١٩٤٨", "۱۹۴۸", "१९४८", "๑๙๔๘"])
def test_numbers_in_other_digits_are_the_same_number(written: str) -> None:
    assert numbers(f"({written})") == numbers("(1948)") == ("1948",)


@pytest.mark.parametrize("space", ["\u00a0", "\u202f"], ids=["no-break space", "narrow no-break space"])
def test_numbers_with_space_separators_are_one_number(space: str) -> None:
    assert numbers(f"1{space}000{space}000 francs") == numbers("1,000,000 dollars") == ("1000000",)


def test_marks_are_those_translations_keep_in_order() -> None:
    assert marks('He asked: «why?» (no) "yes" ¿Qué? ¡Sí!') == (
        "«", "?", "»", "(", ")", '"', '"', "¿", "?", "¡", "!")
    assert marks("A plain sentence, with a comma; and a full stop.") == ()
    assert set(marks(MARKS)) == set(MARKS)


@pytest.mark.parametrize("text", ["Article 5", "Nota del traductor", "第一条", "Статья 1", "  Chapter Two  ",
                                  "One two three four five six seven eight"])
def test_short_lines_without_closing_punctuation_look_like_headings(text: str) -> None:
    assert looks_like_heading(text)


@pytest.mark.parametrize("text", ["Everyone has the right to life.", "The General Assembly,", "Why?", "",
                                  "   ", "One two three four five six seven eight nine", "«Quoted»", "See below:"])
def test_sentences_long_lines_and_empty_ones_do_not(text: str) -> None:
    assert not looks_like_heading(text)


def test_a_block_that_breaks_off_in_mid_sentence_runs_on_into_the_next() -> None:
    preamble = ["Whereas the peoples have reaffirmed their faith;", "Now, therefore,", "The General Assembly",
                "Proclaims this Declaration.", "Article 1", "All are born free.", "See the list:",
                "the first item", "There have", "been strikes.", "一、", "第一条"]
    assert runs_on(preamble) == [
        True,  # a semicolon
        True,  # a comma
        True,  # no full stop, after a block that ran on
        False,  # a full stop
        False,  # a heading after a full stop
        False,
        False,  # a colon, though the next block starts with a small letter: a list or a quotation follows
        False,  # no full stop, but nothing ran on into it, and a capital follows
        True,  # the next block starts with a small letter
        False,
        True,  # an ideographic comma
        True,  # no full stop after a block that ran on, last as it is
    ]
    # The markup's headings never run on, nor do empty blocks; a question, a quotation
    # closed after its full stop, end their sentences.
    assert runs_on(["Chapter One,", "", "Why?", '"He said so."', "'Tis so,"], [True, False, False, False, False]) == [
        False, False, False, False, True]


def test_a_block_after_one_that_ran_on_is_no_heading_and_its_sentence_carries_the_mark() -> None:
    blocks, sentences = text_units(["Now, therefore,", "The General Assembly", "Proclaims this. And that.",
                                    "Article 1"], Vocabulary())
    assert blocks.headings.tolist() == [False, False, False, True]
    assert blocks.runs_on is not None and sentences.runs_on is not None
    assert blocks.runs_on.tolist() == [True, True, False, False]
    # Only the last sentence of a block runs on into the next block.
    assert sentences.runs_on.tolist() == [True, True, False, False, False]


def test_arabic_and_hebrew_words_also_give_a_term_without_their_joined_particles() -> None:
    # "the rights" and "and the rights", "in dignity" and "dignity": one term in common.
    assert set(word_terms("الحقوق")) & set(word_terms("والحقوق"))
    assert set(word_terms("בכבוד")) & set(word_terms("כבוד"))
    # A word too short to lose them keeps them; other scripts are untouched.
    assert len(word_terms("ولد")) == 1 and word_terms("walhuquq") == ("walhu", "~alhuq")


def test_length_counts_characters_other_than_spaces() -> None:
    assert length(" two  words ") == 8
    assert length("a\tb\nc\u00a0d") == 4  # any white space
    assert length("人人 生而") == 4
    assert length("") == 0


# --- sentences ---------------------------------------------------------------------------------------


def test_blocks_are_cut_into_sentences_and_thai_stays_whole() -> None:
    assert split_sentences("One. Two? Three!") == ["One.", "Two?", "Three!"]
    assert split_sentences("人人生而自由。他们赋有理性。") == ["人人生而自由。", "他们赋有理性。"]
    thai = "มนุษย์ทั้งหลายเกิดมามีอิสระ และเสมอภาคกัน ในเกียรติศักด์และสิทธิ"
    assert split_sentences(thai) == [thai]
    # A block is never left without a sentence, even an empty one.
    assert split_sentences("") == [""]
    assert split_sentences("   ") == ["   "]


# --- units ---------------------------------------------------------------------------------------------

TEXTS = [
    "First sentence here. Second one, with 1917! Third?",
    "Article 5",
    "",
    "Un párrafo. Otro (más).",
]


def test_blocks_hold_their_sentences_features() -> None:
    blocks, sentences = text_units(TEXTS, Vocabulary())
    assert blocks.texts == tuple(TEXTS) and len(blocks) == 4
    assert blocks.block.tolist() == [0, 1, 2, 3]
    assert sentences.texts == ("First sentence here.", "Second one, with 1917!", "Third?", "Article 5", "",
                               "Un párrafo.", "Otro (más).")
    assert sentences.block.tolist() == [0, 0, 0, 1, 2, 3, 3]
    assert blocks.numbers == (("1917",), ("5",), (), ())
    assert blocks.marks == (("!", "?"), (), (), ("(", ")"))
    assert blocks.headings.tolist() == [False, True, False, False]
    # A sentence is a heading where its block is.
    assert sentences.headings.tolist() == [False, False, False, True, False, False, False]
    for k, text in enumerate(TEXTS):
        mine = [s for s, owner in enumerate(sentences.block.tolist()) if owner == k]
        # The block's terms are its sentences' terms, each once, in order of first appearance.
        union = list(dict.fromkeys(term for s in mine for term in sentences.terms[s]))
        assert list(blocks.terms[k]) == union
        assert blocks.lengths[k] == sum(sentences.lengths[s] for s in mine) == length(text)
        assert blocks.numbers[k] == tuple(n for s in mine for n in sentences.numbers[s])


def test_headings_given_by_the_markup_override_the_guess() -> None:
    blocks, sentences = text_units(TEXTS, Vocabulary(), headings=[True, False, False, False])
    assert blocks.headings.tolist() == [True, False, False, False]
    assert sentences.headings.tolist() == [True, True, True, False, False, False, False]


def test_units_of_some_blocks_are_counted_from_the_first() -> None:
    _, sentences = text_units(TEXTS, Vocabulary())
    part = sentences.of_blocks(1, 4)
    assert part.texts == ("Article 5", "", "Un párrafo.", "Otro (más).")
    assert part.block.tolist() == [0, 1, 2, 2]
    assert part.lengths.tolist() == sentences.lengths[3:].tolist()
    assert part.terms == sentences.terms[3:] and part.numbers == sentences.numbers[3:]
    assert part.headings.tolist() == [True, False, False, False]
    first = sentences.of_blocks(0, 1)
    assert first.texts == sentences.texts[:3] and first.block.tolist() == [0, 0, 0]
    assert len(sentences.of_blocks(2, 2)) == 0
    assert len(sentences.of_blocks(0, 4)) == len(sentences)


def test_a_term_written_alike_in_both_texts_is_one_term() -> None:
    vocabulary = Vocabulary()
    english, _ = text_units(["Trotsky wrote in 1936."], vocabulary)
    russian, _ = text_units(["Троцкий писал в 1936 году."], vocabulary)
    trots = vocabulary.ids["trots"]
    assert trots in english.terms[0] and trots in russian.terms[0]
    assert vocabulary.names[trots] == "trots"
    # Every id names its term, and ids are dense.
    assert [vocabulary.ids[name] for name in vocabulary.names] == list(range(len(vocabulary.names)))
    assert vocabulary.term_ids("Trotsky Trotsky trotsky") == (trots, vocabulary.ids["~rotsk"])


def test_text_units_of_no_blocks() -> None:
    blocks, sentences = text_units([], Vocabulary())
    assert len(blocks) == len(sentences) == 0
    assert blocks.lengths.shape == (0,)


texts = st.lists(st.text(alphabet="ab cdé.?!1,Жж人。ก«»\n", max_size=60), max_size=12)


@settings(max_examples=50, deadline=None)
@given(texts)
def test_every_block_has_its_sentences_in_order(blocks_text: list[str]) -> None:
    blocks, sentences = text_units(blocks_text, Vocabulary())
    assert len(blocks) == len(blocks_text)
    owners = sentences.block.tolist()
    assert owners == sorted(owners)
    assert set(owners) == set(range(len(blocks_text)))  # no block without a sentence
    for k, text in enumerate(blocks_text):
        mine = [s for s, owner in enumerate(owners) if owner == k]
        assert blocks.lengths[k] == pytest.approx(sum(sentences.lengths[s] for s in mine))
        assert set(blocks.terms[k]) == {term for s in mine for term in sentences.terms[s]}
        assert len(set(blocks.terms[k])) == len(blocks.terms[k])
        # Sentences keep every character but the white space between them.
        assert "".join("".join(sentences.texts[s] for s in mine).split()) == "".join(text.split())


@settings(max_examples=30, deadline=None)
@given(texts)
def test_units_are_the_same_every_time(blocks_text: list[str]) -> None:
    first = text_units(blocks_text, Vocabulary())
    second = text_units(blocks_text, Vocabulary())
    for a, b in zip(first, second):
        assert a.texts == b.texts and a.terms == b.terms and a.numbers == b.numbers and a.marks == b.marks
        assert np.array_equal(a.block, b.block) and np.array_equal(a.lengths, b.lengths)
        assert np.array_equal(a.headings, b.headings)


def test_units_are_a_frozen_record() -> None:
    blocks, _ = text_units(["One."], Vocabulary())
    assert isinstance(blocks, Units)
    with pytest.raises(AttributeError):
        blocks.texts = ()  # type: ignore[misc]
