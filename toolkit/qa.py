"""Check translations against their sources, as a reviewer would, before they are built.

Each check gives findings, never prints: placeholders that no longer match the
source's, numbers whose digits changed, quotation marks and brackets left
unbalanced, entries left identical to their source, stray leading or trailing
whitespace, lengths far outside the catalogue's usual ratio, and entries that
``toolkit align`` left for a person to check (its ``# aligned:`` comments).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from .catalogue import ALIGNED_NOTE, Catalogue, Entry
from .placeholders import from_message, parse_message, strip_placeholders, PlaceholderError

ERROR = "error"
WARNING = "warning"

# A number: digits, with thousands groups and a decimal part in any of the usual notations.
# Thousands are grouped only after a first group of one to three digits, so that "1917 500"
# is two numbers and "1 917 500" one.
_NUMBER = re.compile(r"\d{1,3}(?:[,.\u00a0\u202f\u2009 ']\d{3}(?!\d))+(?:[.,]\d+)?|\d+(?:[.,]\d+)?")
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("«", "»"), ("‹", "›"), ("¿", "?"), ("¡", "!"))
# A length ratio this far from the catalogue's median is worth a look.
LENGTH_FACTOR = 2.2
MIN_LENGTH_CHECKED = 40


@dataclass(frozen=True)
class Finding:
    """One problem with one translation."""

    check: str
    severity: str
    message: str
    context: str | None
    line: int | None
    path: str | None = None

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else (self.path or "")
        entry = f" {self.context}:" if self.context else ""
        return f"{place}:{entry} [{self.check}] {self.severity}: {self.message}"


def numbers(text: str) -> Counter[str]:
    """Give the numbers in *text* as their digits alone, whatever the separators.

    >>> sorted(numbers("$150 billion, 7.7 percent, 500,000 in 1917"))
    ['150', '1917', '500000', '77']
    >>> sorted(numbers("150 mil millones, 7,7 por ciento, 500 000 en 1917"))
    ['150', '1917', '500000', '77']
    """
    return Counter(re.sub(r"\D", "", match) for match in _NUMBER.findall(text))


def _quote_balance(text: str) -> list[str]:
    problems = []
    for opening, closing in _PAIRS:
        if opening in "¿¡" and opening not in text:
            continue
        if text.count(opening) != text.count(closing):
            problems.append(f"{opening}…{closing}")
    # English and Spanish open with “ and close with ”; German opens with „ and closes with “
    # (Polish and Hungarian with ”).
    low = text.count("„")
    if low:
        closers = (text.count("“"), text.count("”"), text.count("“") + text.count("”"))
        if low not in closers:
            problems.append("„…“")
    elif text.count("“") != text.count("”"):
        problems.append("“…”")
    if text.count('"') % 2:
        problems.append('"…"')
    return problems


def check_entry(entry: Entry, path: str | None = None) -> list[Finding]:
    """Give the findings for one translated entry (none for an untranslated one).

    A fuzzy entry is not built, and its faults are usually the source's change
    that the translator has still to follow: they are warnings, said to be fuzzy.
    """
    if not entry.translation or entry.obsolete:
        return []
    findings: list[Finding] = []

    def add(check: str, severity: str, message: str) -> None:
        if entry.fuzzy:
            severity, message = WARNING, f"fuzzy entry: {message}"
        findings.append(Finding(check, severity, message, entry.context, entry.line, path))

    source, translation = entry.source, entry.translation
    try:
        from_message(translation, parse_message(source))
    except PlaceholderError as error:
        for problem in error.problems:
            add("placeholders", ERROR, problem.detail)
    source_words, translated_words = strip_placeholders(source), strip_placeholders(translation)
    expected, found = numbers(source_words), numbers(translated_words)
    if expected != found:
        missing = sorted((expected - found).elements())
        extra = sorted((found - expected).elements())
        parts = []
        if missing:
            parts.append("missing " + ", ".join(missing))
        if extra:
            parts.append("not in the source " + ", ".join(extra))
        add("numbers", ERROR, "numbers differ from the source: " + "; ".join(parts))
    unbalanced = [pair for pair in _quote_balance(translated_words) if pair not in _quote_balance(source_words)]
    if unbalanced:
        add("quotes", ERROR, "unbalanced " + ", ".join(unbalanced))
    if translation == source and any(char.isalpha() for char in source_words):
        add("untranslated", WARNING, "the translation is identical to the source")
    if translation != translation.strip() and source == source.strip():
        add("whitespace", WARNING, "leading or trailing whitespace that the source does not have")
    elif source != source.strip() and (
        source[: len(source) - len(source.lstrip())] != translation[: len(translation) - len(translation.lstrip())]
        or source[len(source.rstrip()) :] != translation[len(translation.rstrip()) :]
    ):
        add("whitespace", WARNING, "leading or trailing whitespace differs from the source's")
    return findings


def aligned_notes(entry: Entry, path: str | None = None) -> list[Finding]:
    """Give a warning for each comment ``toolkit align`` left on *entry* while the entry still
    waits for a person: fuzzy (a low-confidence bead, placeholders to restore, a paragraph
    that could not be cut) or untranslated (no counterpart in the translation). Once the
    translator has reviewed it (translated, not fuzzy) the comments are history."""
    if entry.obsolete or (entry.has_translation and not entry.fuzzy):
        return []
    return [
        Finding("aligned", WARNING, line[len(ALIGNED_NOTE):], entry.context, entry.line, path)
        for line in entry.translator_comments.split("\n")
        if line.startswith(ALIGNED_NOTE)
    ]


def check_catalogue(catalogue: Catalogue, block_ids: Iterable[str] | None = None) -> list[Finding]:
    """Give every finding for *catalogue*, in file order.

    With *block_ids* (the IDs of the source document), also flags live entries
    whose context names no block.
    """
    path = catalogue.path
    findings: list[Finding] = []
    known = set(block_ids) if block_ids is not None else None
    ratios = [
        len(strip_placeholders(entry.translation)) / len(strip_placeholders(entry.source))
        for entry in catalogue.live()
        if entry.translation and len(strip_placeholders(entry.source)) >= MIN_LENGTH_CHECKED
    ]
    median = statistics.median(ratios) if len(ratios) >= 5 else None
    for entry in catalogue.live():
        if known is not None and entry.context is not None and entry.context not in known:
            findings.append(
                Finding("unknown-id", ERROR, "the context names no block of the source: run `toolkit update`",
                        entry.context, entry.line, path)
            )
        entry_findings = aligned_notes(entry, path) + check_entry(entry, path)
        source_length = len(strip_placeholders(entry.source))
        if median and entry.translation and source_length >= MIN_LENGTH_CHECKED:
            ratio = len(strip_placeholders(entry.translation)) / source_length
            if ratio > median * LENGTH_FACTOR or ratio < median / LENGTH_FACTOR:
                entry_findings.append(
                    Finding("length", WARNING,
                            f"the translation is {ratio:.2f} times the source's length; this catalogue's usual "
                            f"ratio is {median:.2f}", entry.context, entry.line, path)
                )
        findings.extend(entry_findings)
    return findings
