"""How far each language's translation has come: entries and words by state."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .catalogue import Catalogue
from .model import words
from .placeholders import strip_placeholders


@dataclass(frozen=True)
class Count:
    """Entries and source words in one state."""

    entries: int = 0
    words: int = 0


@dataclass(frozen=True)
class LanguageStats:
    """The state of one language's catalogue."""

    language: str
    translated: Count
    fuzzy: Count
    untranslated: Count
    obsolete: Count

    @property
    def total(self) -> Count:
        """All live entries and their words."""
        return Count(
            self.translated.entries + self.fuzzy.entries + self.untranslated.entries,
            self.translated.words + self.fuzzy.words + self.untranslated.words,
        )

    def percent(self, state: str, unit: str = "words") -> float:
        """The share of live entries (or words) in *state*, 0 to 100."""
        part = getattr(getattr(self, state), unit)
        whole = getattr(self.total, unit)
        return 100.0 * part / whole if whole else 0.0

    def as_dict(self) -> dict[str, object]:
        """The figures as plain data, for JSON."""
        data: dict[str, object] = {"language": self.language}
        for state in ("translated", "fuzzy", "untranslated", "obsolete"):
            data[state] = asdict(getattr(self, state))
            if state != "obsolete":
                data[state]["percent_entries"] = round(self.percent(state, "entries"), 1)  # type: ignore[index]
                data[state]["percent_words"] = round(self.percent(state, "words"), 1)  # type: ignore[index]
        data["total"] = asdict(self.total)
        return data


def catalogue_stats(catalogue: Catalogue, language: str) -> LanguageStats:
    """Count the entries and source words of *catalogue* by state."""
    tallies = {state: [0, 0] for state in ("translated", "fuzzy", "untranslated", "obsolete")}
    for entry in catalogue.entries:
        if entry.obsolete:
            state = "obsolete"
        elif entry.translated:
            state = "translated"
        elif entry.fuzzy and entry.has_translation:
            state = "fuzzy"
        else:
            state = "untranslated"
        tallies[state][0] += 1
        tallies[state][1] += len(words(strip_placeholders(entry.source)))
    return LanguageStats(language, *(Count(*tallies[state]) for state in tallies))
