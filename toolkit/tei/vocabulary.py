"""The TEI vocabulary the reader and writer share: which elements are blocks,
which are containers, and how tags map to names in the model."""

from __future__ import annotations

from toolkit.model import BlockKind

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"

# Elements that hold the running text of a block, and the kind of block they make.
BLOCK_KINDS: dict[str, BlockKind] = {
    "titlePart": BlockKind.TITLE,
    "head": BlockKind.HEADING,
    "p": BlockKind.PARAGRAPH,
    "ab": BlockKind.PARAGRAPH,
    "item": BlockKind.ITEM,
    "cit": BlockKind.QUOTATION,
    "quote": BlockKind.QUOTATION,
    "l": BlockKind.VERSE,
    **{
        tag: BlockKind.OTHER
        for tag in (
            "trailer", "byline", "dateline", "docAuthor", "docDate", "docEdition",
            "docImprint", "salute", "signed", "label", "speaker", "stage", "figDesc",
            "cell", "castItem", "argument", "bibl", "epigraph", "note", "caption",
            "address", "addrLine",
        )
    },
}

# The element each kind of block is written as, when it was not read from one.
DEFAULT_TAGS: dict[BlockKind, str] = {
    BlockKind.TITLE: "titlePart",
    BlockKind.HEADING: "head",
    BlockKind.PARAGRAPH: "p",
    BlockKind.ITEM: "item",
    BlockKind.QUOTATION: "cit",
    BlockKind.VERSE: "l",
    BlockKind.OTHER: "ab",
}

# Elements that only hold other blocks or containers (unless text stands directly in them).
STRUCTURAL_TAGS = frozenset(
    {
        "div", "div1", "div2", "div3", "div4", "div5", "div6", "div7", "list", "lg",
        "titlePage", "docTitle", "figure", "table", "row", "sp", "castList", "castGroup",
        "listBibl", "floatingText", "group", "opener", "closer", "postscript", "spGrp",
        "text", "body", "front", "back", "listPerson", "listPlace",
    }
)

# Blocks a translator translates; these must carry an ID in our own editions.
TRANSLATABLE_TAGS = frozenset({"titlePart", "head", "p", "item", "cit", "quote", "l", "ab"})


def tei(tag: str) -> str:
    """Give the Clark name of TEI element *tag*."""
    return f"{{{TEI_NS}}}{tag}"
