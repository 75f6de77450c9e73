"""Language tags for pages: BCP 47 from gettext codes, writing direction, names.

Catalogues name languages the gettext way (``pt_BR``, ``sr@latin``); HTML wants
BCP 47 (``pt-BR``, ``sr-Latn``) on every ``lang`` attribute, and ``dir="rtl"``
wherever the script runs right to left.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A well-formed tag (RFC 5646's shape, not its registry): anything else is "und".
_TAG = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")

# gettext modifiers that name a script.
_MODIFIER_SCRIPTS = {"latin": "Latn", "cyrillic": "Cyrl", "arabic": "Arab", "devanagari": "Deva"}

# Scripts written right to left (ISO 15924).
_RTL_SCRIPTS = frozenset({"Adlm", "Arab", "Hebr", "Mand", "Mend", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa", "Yezi"})

# Languages whose usual script runs right to left, when the tag names no script.
_RTL_LANGUAGES = frozenset({
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "mzn", "nqo", "pnb", "prs", "ps",
    "sd", "syr", "ug", "ur", "yi",
})

# What each language calls itself, for readers choosing a language.
AUTONYMS = {
    "ar": "العربية", "de": "Deutsch", "el": "Ελληνικά", "en": "English", "es": "español",
    "fa": "فارسی", "fr": "français", "he": "עברית", "hi": "हिन्दी", "it": "italiano",
    "ja": "日本語", "ko": "한국어", "nl": "Nederlands", "pl": "polski", "pt": "português",
    "ru": "русский", "tr": "Türkçe", "uk": "українська", "ur": "اردو", "zh": "中文",
}


@lru_cache(maxsize=1024)
def bcp47(code: str) -> str:
    """Give the BCP 47 tag for a gettext or BCP 47 language code.

    A code that is not a well-formed tag gives ``und`` (undetermined).

    >>> bcp47("pt_BR"), bcp47("sr@latin"), bcp47("es"), bcp47("zh_Hant_TW"), bcp47('x" onclick="')
    ('pt-BR', 'sr-Latn', 'es', 'zh-Hant-TW', 'und')
    """
    code, _, modifier = code.partition("@")
    parts = [part for part in code.replace("_", "-").split("-") if part]
    if not parts:
        return "und"
    tag = [parts[0].lower()]
    if modifier.lower() in _MODIFIER_SCRIPTS:
        tag.append(_MODIFIER_SCRIPTS[modifier.lower()])
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            tag.append(part.title())
        elif len(part) == 2 and part.isalpha():
            tag.append(part.upper())
        else:
            tag.append(part)
    result = "-".join(tag)
    return result if _TAG.match(result) else "und"


@lru_cache(maxsize=1024)
def direction(tag: str) -> str:
    """Give ``"rtl"`` or ``"ltr"``: the direction of the script of language *tag*.

    A script subtag decides where there is one.

    >>> direction("ar"), direction("he-IL"), direction("en"), direction("az-Arab"), direction("ku-Latn")
    ('rtl', 'rtl', 'ltr', 'rtl', 'ltr')
    """
    parts = bcp47(tag).split("-")
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return "rtl" if part in _RTL_SCRIPTS else "ltr"
    return "rtl" if parts[0] in _RTL_LANGUAGES else "ltr"


def primary(tag: str) -> str:
    """Give the primary language subtag.

    >>> primary("pt_BR")
    'pt'
    """
    return bcp47(tag).split("-")[0]


def autonym(tag: str) -> str:
    """Give the name language *tag* has for itself, or the tag when it is not known.

    >>> autonym("es"), autonym("xx")
    ('español', 'xx')
    """
    return AUTONYMS.get(primary(tag), tag)
