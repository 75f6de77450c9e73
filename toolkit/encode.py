"""Encode an edition as TEI with stable IDs, carrying IDs over from the previous edition."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, replace
from pathlib import Path

from toolkit.errors import InputError, ToolkitError
from toolkit.ids import (
    CarryOverReport,
    assign_missing_ids,
    carry_over_ids,
    is_valid_prefix,
    prefix_from_name,
    prefix_of,
)
from toolkit.model import Document, Metadata, Revision
from toolkit.editionfile import read_edition as read_edition

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass
class Encoding:
    """The result of encoding: the identified document and what happened to the IDs."""

    document: Document
    handed_out: list[str]
    carried_over: CarryOverReport | None = None


def encode(
    revised: Document,
    previous: Document | None = None,
    prefix: str | None = None,
    metadata: Metadata | None = None,
    when: str | None = None,
    description: str | None = None,
) -> Encoding:
    """Give *revised* with stable IDs.

    Without *previous*, every block and division gets a fresh ID (those it
    already has are kept).  With *previous*, IDs are carried over as
    :func:`toolkit.ids.carry_over_ids` says; the result keeps the previous
    edition's header and history, and a new revision records the IDs retired.
    """
    if not revised.blocks:
        raise InputError("no text in this edition: nothing to encode", revised.path)
    if previous is None:
        if metadata is not None:
            revised = replace(revised, metadata=metadata)
        document, handed_out = assign_missing_ids(revised, prefix or "b")
        return Encoding(document, handed_out)
    document, report, _ = carry_over_ids(previous, revised, prefix or prefix_of(previous.ids))
    text = description or "Revised edition encoded; IDs carried over from the previous one"
    revision = Revision(
        description=f"{text}: {report.summary()}.",
        when=when,
        retired=tuple(report.retired),
    )
    document = replace(
        document,
        metadata=metadata or previous.metadata,
        header=previous.header,
        revisions=(revision, *previous.revisions),
        attrs=previous.attrs,
        text_attrs=previous.text_attrs,
        extras=previous.extras,
    )
    old_ids = set(previous.ids)
    handed_out = [i for i in document.ids if i not in old_ids]
    return Encoding(document, handed_out, report)


def encode_edition(
    source: str | Path,
    previous_path: str | Path | None = None,
    language: str | None = None,
    title: str | None = None,
    author: str | None = None,
    prefix: str | None = None,
    when: str | None = None,
    note: str | None = None,
    output_name: str | Path | None = None,
) -> Encoding:
    """Read the edition in *source* and give it with stable IDs.

    This is ``toolkit encode``: with *previous_path*, IDs are carried over
    from that TEI edition and its header and history are kept; *language*
    (of a plain-text source) defaults to the previous edition's, else
    English; *title* and *author* replace those of the header; *prefix*
    defaults to the previous edition's, else to the initials of
    *output_name* (or the source's name); *when* dates the revision
    (default: only if ``SOURCE_DATE_EPOCH`` is set).
    """
    if when is not None and not _DATE.fullmatch(when):
        raise ToolkitError(f"--date {when!r} is not a date: write it YYYY-MM-DD")
    if prefix is not None and not is_valid_prefix(prefix):
        raise ToolkitError(
            f"--id-prefix {prefix!r} cannot start an XML ID: use letters, digits, '_', '.' or '-', "
            "starting with a letter"
        )
    previous = read_edition(previous_path) if previous_path is not None else None
    if previous is not None and not previous.ids:
        raise InputError("the previous edition has no IDs to carry over", previous_path)
    language = language or (previous.metadata.language if previous else "en")
    revised = read_edition(source, language)
    base = previous.metadata if previous else revised.metadata
    metadata = replace(
        base,
        title=title or base.title,
        author=author or base.author,
        language=base.language if previous else language,
    )
    if previous is None:
        prefix = prefix or default_prefix(output_name, source)
    return encode(
        revised,
        previous,
        prefix=prefix,
        metadata=metadata,
        when=when or revision_date(),
        description=note or (f"Encoded from {Path(source).name}" if previous else None),
    )


def default_prefix(output: str | Path | None, source: str | Path) -> str:
    """The ID prefix to use when none is given: initials of the output's (or source's) name."""
    return prefix_from_name(str(output if output not in (None, "-") else source))


def revision_date() -> str | None:
    """The date ``SOURCE_DATE_EPOCH`` gives, or None.

    Outputs never depend on the clock, so that encoding the same inputs twice
    gives the same bytes; a revision is dated only when asked (``--date``) or
    when the build sets ``SOURCE_DATE_EPOCH``.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return time.strftime("%Y-%m-%d", time.gmtime(int(epoch)))
    return None
