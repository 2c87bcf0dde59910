"""A trusted pack's own search index, put in place by each account's reader before it indexes.

``pack install`` puts a trusted built pack's index in the installing account's cache. A pack
installed for every account (``--system``, by root) cannot fill every account's cache, and an
account's cache may have been emptied: so the reader's search thread calls
:func:`use_shipped_index` before it opens (or builds) the index. Cheap when there is nothing to
do (an index is there, or no pack carries one); the signature machinery loads only when needed.
"""

from __future__ import annotations

import logging

from .library import content_dirs
from .pack_store import read_manifest

log = logging.getLogger(__name__)


def use_shipped_index(library) -> bool:
    """When this account has no search index yet for the content folders as they are now, put
    in place the index a trusted pack came with, checked again against the keys trusted now.
    True when one was put in place; ``ensure_index`` then only adds what that index lacks (the
    other packs' articles). Any failure means "index it here", as before."""
    from .search import current_version as index_version
    from .search import index_location, library_dirs

    dirs = library_dirs(library)
    if dirs != [d.resolve() for d in content_dirs()] or index_version(index_location(dirs)) is not None:
        return False  # other folders than the app's (--content), or an index is already there
    for folder in dirs[1:]:
        if (read_manifest(folder) or {}).get("search_index") != "shipped":
            continue
        from .pack_build import IndexNotUsed, recheck_index
        from .pack_sign import SignError, trust_store
        from .packs import _use_shipped_index

        try:
            recheck_index(folder, trust_store())
        except (IndexNotUsed, SignError) as exc:
            log.info("not using the index kept with %s: %s", folder, exc)
            continue
        if _use_shipped_index(folder, folder.parent.parent.name):
            return True
    return False
