"""The search index's writing, beside the build, and what a rebuild of
`mkdocs serve` does differently: it reloads the browsers without waiting for
the index, and closes an annotator a failed build left open.

Once every page is read, the index is made and written beside the build
while the templates are rendered: by the annotating process, whose listening
thread ends with it (see `annotator_process`), or, where pages are annotated
in the build's own process, by a thread of its own (`start_writer`). Either
thread is named a writer. `mkdocs build`, and the first build of `mkdocs
serve`, wait for it before they end. The server reloads the browsers once its
builder returns: `marking_rebuilds` wraps that builder so that the thread a
rebuild runs in says so, and such a build does not wait; the next build waits
for the writers (`wait_for_writers`) before MkDocs empties the site folder.

A build that fails before every page is read never hands its annotator the
end of the pages; the annotator is noted on the build's thread
(`keep_open_index`), and the next build on that thread closes it
(`close_index_left_open`) before it waits for the writers.

Threads, not module globals, carry this: MkDocs runs this package's code again
for every rebuild's configuration, but the server and its build thread stay.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable

WRITER_NAME = "explainer-search-index"
_REBUILDING = "explainer_rebuilding_for_serve"
_OPEN_INDEX = "explainer_open_search_index"


def marking_rebuilds(builder: Callable) -> Callable:
    """The server's `builder`, marking the thread it runs in for as long as it runs."""
    @functools.wraps(builder)
    def rebuild(*args, **kwargs):
        thread = threading.current_thread()
        setattr(thread, _REBUILDING, True)
        try:
            return builder(*args, **kwargs)
        finally:
            setattr(thread, _REBUILDING, False)
    return rebuild


def in_served_rebuild() -> bool:
    """Whether this build is a rebuild of `mkdocs serve`, whose browsers reload when it returns."""
    return getattr(threading.current_thread(), _REBUILDING, False)


def start_writer(work: Callable[[], None]) -> threading.Thread:
    """Run `work` in a thread beside the build, which waits for it unless it is a served rebuild."""
    writer = threading.Thread(target=work, name=WRITER_NAME, daemon=True)
    writer.start()
    return writer


def wait_for_writers() -> None:
    """Wait for the writing of an earlier build's index, before this build empties the site folder."""
    for thread in threading.enumerate():
        if thread.name == WRITER_NAME and thread is not threading.current_thread():
            thread.join()


def keep_open_index(index) -> None:
    """Note `index` (an annotator, anything with `close()`; None once it ends on its own) as this build's, open."""
    setattr(threading.current_thread(), _OPEN_INDEX, index)


def close_index_left_open() -> None:
    """Close the index an earlier build on this thread started and, having failed, never closed."""
    index = getattr(threading.current_thread(), _OPEN_INDEX, None)
    keep_open_index(None)
    if index is not None:
        index.close()
