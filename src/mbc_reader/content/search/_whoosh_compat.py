"""Every use of Whoosh's private internals, in one place.

The search package relies on a few things Whoosh does not document as API:

- **writing one segment per worker process and committing them together** (the steps of
  ``whoosh.multiproc.MpWriter``, minus the parent rendering everything itself):
  ``SegmentWriter(..., _lk=False)``, ``_finalize_segment``, ``_close_segment``, ``_added``,
  ``_commit_toc``, ``_finish`` and ``FileIndex._segments``;
- **decoding a posting list a block at a time** (``W3LeafMatcher``'s ``_data``,
  ``_read_data``, ``_next_block``, ``_blocklength``, ``_byteids``): its per-posting API costs
  about ten times more, which is the difference between as-you-type search and a pause.

Nothing else in the package touches a name starting with ``_`` of a Whoosh object. The
``whoosh3`` version is pinned below its next minor version (pyproject.toml), and
``tests/content/test_search_whoosh_compat.py`` fails naming the attribute when one of
:data:`CLASS_INTERNALS` or :data:`INSTANCE_INTERNALS` is gone.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.index import FileIndex
from whoosh.matching.wrappers import FilterMatcher
from whoosh.writing import SegmentWriter

#: Methods and class attributes we call, by class.
CLASS_INTERNALS: dict[type, tuple[str, ...]] = {
    SegmentWriter: ("_finalize_segment", "_close_segment", "_commit_toc", "_finish"),
    FileIndex: ("_segments",),
    W3LeafMatcher: ("_read_data", "_next_block"),
}
#: Attributes set on instances (checked on real objects by the test).
INSTANCE_INTERNALS: dict[type, tuple[str, ...]] = {
    SegmentWriter: ("_added",),
    W3LeafMatcher: ("_data", "_blocklength", "_byteids"),
    FilterMatcher: ("child",),
}
#: Keyword arguments of constructors we pass.
KEYWORD_INTERNALS: dict[type, tuple[str, ...]] = {SegmentWriter: ("_lk",)}

_BLOCK_ATTRS = ("_read_data", "_next_block", "_blocklength", "_byteids")


def missing_class_internals() -> list[str]:
    """``Class.name`` of each internal of :data:`CLASS_INTERNALS` and :data:`KEYWORD_INTERNALS`
    this Whoosh lacks (empty when all are there)."""
    import inspect

    out = [f"{cls.__name__}.{name}" for cls, names in CLASS_INTERNALS.items() for name in names if not hasattr(cls, name)]
    for cls, names in KEYWORD_INTERNALS.items():
        params = inspect.signature(cls.__init__).parameters
        out += [f"{cls.__name__}({name}=)" for name in names if name not in params]
    return out


# --- writing segments in worker processes -------------------------------------------------------


def segment_writer(ix: Any, **kwargs: Any) -> SegmentWriter:
    """A writer of one new segment that takes no index lock (the parent holds the build lock
    and commits the table of contents itself, as ``MpWriter``'s sub-writers do)."""
    return SegmentWriter(ix, _lk=False, **kwargs)


def finish_segment(writer: SegmentWriter) -> Any:
    """Flush and close the writer's segment; the ``Segment`` to list in a table of contents."""
    return writer._finalize_segment()


def commit_segments(ix: Any, writer: SegmentWriter, segments: list[Any]) -> None:
    """Commit one table of contents listing the index's segments, ``segments`` (written by
    other processes) and what ``writer`` added itself (``MpWriter._commit``'s steps)."""
    final = list(ix._segments()) + list(segments)  # an empty list for a new index
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final)
    writer._finish()


# --- reading posting lists in bulk ---------------------------------------------------------------


def unfiltered(matcher: Any) -> Any:
    """The matcher under Whoosh's deletion filter (deletions are dropped by the caller, in bulk)."""
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def reads_blocks(matcher: Any) -> bool:
    """Whether ``matcher`` is Whoosh's block reader with integer ids (see :func:`blocks`)."""
    return all(hasattr(matcher, a) for a in _BLOCK_ATTRS) and not matcher._byteids


def blocks(matcher: Any) -> Iterator[tuple[Iterator[int], Any, int]]:
    """Each block of a posting list as (document numbers, weights, length): the weights a
    sequence, a single float for all, or None (all 1.0). Only when :func:`reads_blocks`."""
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        deltas, weights = matcher._data[0], matcher._data[1]
        yield accumulate(deltas), weights, matcher._blocklength
        matcher._next_block()
