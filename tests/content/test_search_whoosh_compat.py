"""Every Whoosh internal the search package relies on is still there, each checked by name.

A Whoosh release that renames or drops one of them fails here with a test id naming it (e.g.
``test_an_instance_internal_is_there[W3LeafMatcher._blocklength]``), before any search or
build misbehaves.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from mbc_reader.content.search import _whoosh_compat as compat
from mbc_reader.content.search.schema import codec
from mbc_reader.content.search.schema import make_schema

CLASS_CASES = [(cls, name) for cls, names in compat.CLASS_INTERNALS.items() for name in names]
INSTANCE_CASES = [(cls, name) for cls, names in compat.INSTANCE_INTERNALS.items() for name in names]
KEYWORD_CASES = [(cls, name) for cls, names in compat.KEYWORD_INTERNALS.items() for name in names]


def _id(case) -> str:
    cls, name = case
    return f"{cls.__name__}.{name}"


@pytest.mark.parametrize("case", CLASS_CASES, ids=_id)
def test_a_class_internal_is_there(case):
    cls, name = case
    assert hasattr(cls, name), f"whoosh's {cls.__name__} has no {name} any more (see _whoosh_compat.py)"


@pytest.mark.parametrize("case", KEYWORD_CASES, ids=_id)
def test_a_keyword_internal_is_accepted(case):
    cls, name = case
    assert name in inspect.signature(cls.__init__).parameters, f"{cls.__name__}() takes no {name}= any more"


@pytest.fixture(scope="module")
def tiny_index(tmp_path_factory):
    from whoosh import index as whoosh_index

    folder = Path(tmp_path_factory.mktemp("compat"))
    ix = whoosh_index.create_in(str(folder), make_schema())
    writer = ix.writer(codec=codec())
    for i in range(700):  # more than one posting block (512 postings each)
        writer.add_document(kind="section", article=f"a{i}", body=["word"] * (1 + i % 3), head=[], tname=[])
    writer.commit()
    yield ix
    ix.close()


@pytest.fixture(scope="module")
def index_with_a_deletion(tmp_path_factory):
    from whoosh import index as whoosh_index

    folder = Path(tmp_path_factory.mktemp("compat-deleted"))
    ix = whoosh_index.create_in(str(folder), make_schema())
    writer = ix.writer(codec=codec())
    for i in range(3):
        writer.add_document(kind="section", article=f"a{i}", body=["word"], head=[], tname=[])
    writer.commit()
    writer = ix.writer(codec=codec())
    writer.delete_by_term("article", "a1")
    writer.commit(merge=False)
    yield ix
    ix.close()


def _instance(cls, ix, deleted):
    if cls is compat.SegmentWriter:
        writer = compat.segment_writer(ix, codec=codec())
        return writer, writer.cancel
    if cls is compat.FilterMatcher:  # what Whoosh wraps postings in when a segment has deletions
        reader = deleted.reader()
        return reader.postings("body", "word"), reader.close
    reader = ix.reader()
    matcher = compat.unfiltered(reader.postings("body", "word"))
    return matcher, reader.close


@pytest.mark.parametrize("case", INSTANCE_CASES, ids=_id)
def test_an_instance_internal_is_there(case, tiny_index, index_with_a_deletion):
    cls, name = case
    obj, done = _instance(cls, tiny_index, index_with_a_deletion)
    try:
        assert isinstance(obj, cls), f"expected a {cls.__name__}, Whoosh gave a {type(obj).__name__}"
        assert hasattr(obj, name), f"whoosh's {cls.__name__} objects have no {name} any more"
    finally:
        done()


def test_the_whole_list_is_checked_and_nothing_is_missing():
    assert compat.missing_class_internals() == []
    assert len(CLASS_CASES) >= 7 and len(INSTANCE_CASES) >= 5 and KEYWORD_CASES


def test_posting_blocks_decode_to_every_posting(tiny_index):
    """The block reader gives the same postings as Whoosh's per-posting API."""
    with tiny_index.reader() as reader:
        fast = compat.unfiltered(reader.postings("body", "word"))
        assert compat.reads_blocks(fast)
        ids: list[int] = []
        weights: list[float] = []
        block_count = 0
        for block_ids, block_weights, n in compat.blocks(fast):
            block_count += 1
            ids.extend(block_ids)
            weights.extend(block_weights if not isinstance(block_weights, float) else [block_weights] * n)
        slow = reader.postings("body", "word")
        expected = []
        while slow.is_active():
            expected.append((slow.id(), round(slow.weight(), 3)))
            slow.next()
    assert block_count >= 2
    assert [(i, round(w, 3)) for i, w in zip(ids, weights)] == expected
    assert len(expected) == 700


def test_segments_written_aside_are_committed_together(tmp_path):
    """Two segment writers (as two worker processes would) and one table of contents."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.create_in(str(tmp_path), make_schema())
    segments = []
    for part in range(2):
        writer = compat.segment_writer(ix, codec=codec())
        writer.add_document(kind="section", article=f"part{part}", body=["shared", f"only{part}"], head=[], tname=[])
        segments.append(compat.finish_segment(writer))
    parent = ix.writer(codec=codec())
    parent.add_document(kind="state", state="{}")
    compat.commit_segments(ix, parent, segments)
    reopened = whoosh_index.open_dir(str(tmp_path), schema=make_schema())
    try:
        assert reopened.doc_count_all() == 3
        with reopened.reader() as reader:
            assert reader.doc_frequency("body", "shared") == 2
            assert len(reader.leaf_readers()) == 3
    finally:
        reopened.close()
