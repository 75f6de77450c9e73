"""The lexicon learned from the texts themselves (toolkit.lexicon), on parallel texts made
so that the right links are known: source word ``alpha<k>`` is always translated by target
word ``beta<k>``, among words that translate nothing in particular."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.lexicon import MAX_PROBABILITY, Lexicon, learn_lexicon

PAIRS = 10
UNITS = 40


@dataclass
class Parallel:
    """Term numbers of the units of two texts, the 1-1 beads between them, and the names."""

    source: list[tuple[int, ...]]
    target: list[tuple[int, ...]]
    beads: list[tuple[list[int], list[int]]]
    names: list[str]

    def id(self, name: str) -> int:
        return self.names.index(name)

    def partner(self, lexicon: Lexicon, name: str) -> str | None:
        partner = int(lexicon.partner_of_source[self.id(name)])
        return self.names[partner] if partner >= 0 else None


def parallel(seed: int = 0, extra_source: dict[int, list[str]] | None = None,
             extra_target: dict[int, list[str]] | None = None, units: int = UNITS) -> Parallel:
    """*units* units a side: unit u holds alpha<k> for three k (each k in about 12 units, less
    than half), the same beta<k> on the other side, and three noise words a side, drawn at
    random from 30 (so that each comes in some units by chance); *extra* words are added to
    the units named."""
    rng = random.Random(seed)
    names: list[str] = []

    def ids(words: list[str]) -> tuple[int, ...]:
        found: list[int] = []
        for word in words:
            if word not in names:
                names.append(word)
            found.append(names.index(word))
        return tuple(dict.fromkeys(found))

    source, target = [], []
    for u in range(units):
        chosen = [u % PAIRS, (u + 3) % PAIRS, (u + 7) % PAIRS]
        words_s = [f"alpha{k}" for k in chosen] + [f"noise{rng.randrange(30)}" for _ in range(3)]
        words_t = [f"beta{k}" for k in chosen] + [f"ruido{rng.randrange(30)}" for _ in range(3)]
        words_s += (extra_source or {}).get(u, [])
        words_t += (extra_target or {}).get(u, [])
        source.append(ids(words_s))
        target.append(ids(words_t))
    return Parallel(source, target, [([u], [u]) for u in range(units)], names)


def learn(text: Parallel) -> Lexicon:
    return learn_lexicon(text.source, text.target, text.beads, text.names)


def test_a_word_always_translated_alike_is_linked_to_its_translation() -> None:
    text = parallel()
    lexicon = learn(text)
    for k in range(PAIRS):
        assert text.partner(lexicon, f"alpha{k}") == f"beta{k}"
        assert lexicon.partner_of_target[text.id(f"beta{k}")] == text.id(f"alpha{k}")


def test_links_are_one_to_one_and_counted() -> None:
    lexicon = learn(parallel())
    linked = np.flatnonzero(lexicon.partner_of_source >= 0)
    assert lexicon.links == len(linked) >= PAIRS and not lexicon.empty
    partners = lexicon.partner_of_source[linked]
    assert len(set(partners.tolist())) == len(partners)  # no target term linked twice
    assert (lexicon.partner_of_target[partners] == linked).all()
    assert (lexicon.partner_of_target >= 0).sum() == lexicon.links


def test_noise_words_are_not_linked() -> None:
    text = parallel()
    lexicon = learn(text)
    # A noise word may be linked only to a noise word of the other side, never to a
    # translation word (and, drawn independently, rarely at all).
    noise = [name for name in text.names if name.startswith("noise")]
    partners = [text.partner(lexicon, name) for name in noise]
    assert all(partner is None or partner.startswith("ruido") for partner in partners)
    assert sum(partner is not None for partner in partners) <= 2


def test_a_pair_seen_once_is_not_linked() -> None:
    text = parallel(extra_source={5: ["lonely"]}, extra_target={5: ["solito"]})
    lexicon = learn(text)
    assert text.partner(lexicon, "lonely") is None
    assert lexicon.partner_of_target[text.id("solito")] == -1


def test_a_word_written_alike_on_both_sides_is_linked_to_itself_even_seen_once() -> None:
    text = parallel(extra_source={7: ["moscow"]}, extra_target={7: ["moscow"]})
    lexicon = learn(text)
    assert text.partner(lexicon, "moscow") == "moscow"


@pytest.mark.parametrize("word", ["abc", "人权宣言"], ids=["too-short", "ideographs"])
def test_short_words_and_ideographs_written_alike_need_more_than_one_bead(word: str) -> None:
    # Three letters, or characters of the scripts written without spaces, are too often
    # alike by chance to be taken for the same word on one sighting.
    text = parallel(extra_source={7: [word]}, extra_target={7: [word]})
    assert text.partner(learn(text), word) is None


def test_a_word_written_alike_seen_in_several_beads_is_linked_whatever_its_script() -> None:
    text = parallel(extra_source={3: ["人权"], 13: ["人权"], 23: ["人权"]},
                    extra_target={3: ["人权"], 13: ["人权"], 23: ["人权"]})
    assert text.partner(learn(text), "人权") == "人权"


def test_a_word_in_most_beads_tells_nothing_and_is_not_linked() -> None:
    # "the" and "el" always together, in 24 beads of 40: strongly associated, but in too
    # many beads to say anything about any one of them.
    most = [u for u in range(UNITS) if u % 5 not in (0, 1)]
    text = parallel(extra_source={u: ["the"] for u in most}, extra_target={u: ["el"] for u in most})
    lexicon = learn(text)
    assert text.partner(lexicon, "the") is None
    for k in range(PAIRS):
        assert text.partner(lexicon, f"alpha{k}") == f"beta{k}"


def test_words_always_together_are_not_linked_arbitrarily() -> None:
    # A passage repeated word for word: six source words and six target words, always in
    # the same four beads and nowhere else. Every pairing is as good as every other.
    passage_s = [f"repeat{k}" for k in range(6)]
    passage_t = [f"repite{k}" for k in range(6)]
    where = (4, 14, 24, 34)
    text = parallel(extra_source={u: passage_s for u in where}, extra_target={u: passage_t for u in where})
    lexicon = learn(text)
    assert [text.partner(lexicon, word) for word in passage_s] == [None] * 6
    assert all(lexicon.partner_of_target[text.id(word)] == -1 for word in passage_t)
    # The words that do translate each other are still found.
    assert all(text.partner(lexicon, f"alpha{k}") == f"beta{k}" for k in range(PAIRS))


def test_kept_is_a_probability_above_chance_for_links_only() -> None:
    text = parallel()
    lexicon = learn(text)
    linked = lexicon.partner_of_source >= 0
    assert ((lexicon.kept[linked] > 0) & (lexicon.kept[linked] <= MAX_PROBABILITY)).all()
    assert (lexicon.kept[linked] < 1).all()
    assert (lexicon.kept[~linked] == 0).all()
    # Always together in the beads: the partner is there far more often than by chance.
    for k in range(PAIRS):
        alpha = text.id(f"alpha{k}")
        assert lexicon.kept[alpha] > 0.75 > lexicon.chance_in_target[alpha]


def test_a_link_seen_twice_promises_less_than_one_seen_often() -> None:
    text = parallel(extra_source={6: ["twice"], 26: ["twice"]}, extra_target={6: ["dos"], 26: ["dos"]})
    lexicon = learn(text)
    assert text.partner(lexicon, "twice") == "dos"
    assert 0 < lexicon.kept[text.id("twice")] < min(lexicon.kept[text.id(f"alpha{k}")] for k in range(PAIRS))


def test_chance_is_the_share_of_units_that_hold_the_partner() -> None:
    text = parallel()
    # Learn from the first 30 beads only: chance is still counted over all 40 units of each text.
    text.beads = text.beads[:30]
    # beta0 also turns up in five target units where alpha0 is not.
    for u in (1, 2, 5, 6, 8):
        text.target[u] = text.target[u] + (text.id("beta0"),)
    lexicon = learn(text)
    alpha0, beta0 = text.id("alpha0"), text.id("beta0")
    assert lexicon.partner_of_source[alpha0] == beta0
    holding_beta = sum(beta0 in unit for unit in text.target)
    holding_alpha = sum(alpha0 in unit for unit in text.source)
    assert holding_beta == holding_alpha + 5
    assert lexicon.chance_in_target[alpha0] == pytest.approx(holding_beta / UNITS)
    assert lexicon.chance_in_source[beta0] == pytest.approx(holding_alpha / UNITS)
    unlinked_t = lexicon.partner_of_target < 0
    assert (lexicon.chance_in_source[unlinked_t] == 0).all()
    assert (lexicon.chance_in_target[lexicon.partner_of_source < 0] == 0).all()


def test_beads_of_several_units_pool_their_terms() -> None:
    # The translator merged four pairs of paragraphs (2-1 beads); a word of the second
    # paragraph of each pair meets its translation only when the bead's units are pooled.
    text = parallel(extra_source={u: ["second"] for u in (1, 11, 21, 31)},
                    extra_target={u: ["segundo"] for u in (0, 10, 20, 30)})
    firsts = (0, 10, 20, 30)
    target: list[tuple[int, ...]] = []
    beads: list[tuple[list[int], list[int]]] = []
    for u in range(UNITS):
        if u - 1 in firsts:
            continue
        if u in firsts:
            target.append(tuple(dict.fromkeys(text.target[u] + text.target[u + 1])))
            beads.append(([u, u + 1], [len(target) - 1]))
        else:
            target.append(text.target[u])
            beads.append(([u], [len(target) - 1]))
    lexicon = learn_lexicon(text.source, target, beads, text.names)
    assert text.partner(lexicon, "second") == "segundo"
    for k in range(PAIRS):
        assert text.partner(lexicon, f"alpha{k}") == f"beta{k}"


def test_no_beads_no_links() -> None:
    text = parallel()
    lexicon = learn_lexicon(text.source, text.target, [], text.names)
    assert lexicon.empty and lexicon.links == 0
    assert (lexicon.partner_of_source == -1).all() and lexicon.partner_of_source.shape == (len(text.names),)
    empty = learn_lexicon([], [], [], [])
    assert empty.empty and empty.partner_of_source.shape == (0,)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**16), st.randoms(use_true_random=False))
def test_the_lexicon_does_not_depend_on_the_order_of_the_beads(seed: int, shuffler: random.Random) -> None:
    text = parallel(seed, extra_source={5: ["moscow"]}, extra_target={5: ["moscow"]})
    first = learn(text)
    shuffler.shuffle(text.beads)
    second = learn(text)
    assert np.array_equal(first.partner_of_source, second.partner_of_source)
    assert np.array_equal(first.partner_of_target, second.partner_of_target)
    assert np.allclose(first.kept, second.kept)
    for k in range(PAIRS):
        assert text.partner(first, f"alpha{k}") == f"beta{k}"
