"""The pages' annotation and search index, made beside the generator: in a process of its own.

The generator renders pages on one core; a second process, forked as the
build starts, loads the annotations while the generator reads the pages, then
sends each page and its notes to the search indexer as it comes, and
annotates the pages, a page or more ahead of the theme. What crosses over:
what the generator needs of the annotations (`Loaded`: problems to report,
the generated pages' Markdown), then the pages (`PageJob`s in, in the order
the generator reads them; `PageOutcome`s out, each waited for just before its
page's template is rendered). Once every page was read, the indexer makes the
index while the last pages are annotated, and `finish` fills in what spans
pages; the process ends once the index is written, and the thread that
listens to it (`writer`) ends with it.

Where a process cannot be forked (Windows; or EXPLAINER_ONE_PROCESS set, to
see a fault's traceback with `mkdocs build -v`), the same work runs in the
generator's process, each page as it is read, and only the index is written
in a thread beside it.

The forked process writes nothing to the console: a message is a lock another
thread of the server may have held when it was forked. Everything it has to
say comes back through the pipe, and the generator's process says it.
"""

from __future__ import annotations

import gc
import os
import queue
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection

from .page_work import Finished, IndexReport, Loaded, PageJob, PageOutcome, PageWork
from .served_rebuilds import WRITER_NAME, start_writer

ONE_PROCESS = "EXPLAINER_ONE_PROCESS"


def start_annotator(work: PageWork, report: Callable[[IndexReport], None]) -> "Beside | InThisProcess":
    """Start annotating pages for `work` (and its search index), beside the generator where the system
    allows; `report` is told how writing the index went, from a thread of its own."""
    if hasattr(os, "fork") and sys.platform != "darwin" and not os.environ.get(ONE_PROCESS):
        return Beside(work, report)
    return InThisProcess(work, report)


class Beside:
    """`PageWork` in a forked process; this side sends it pages and waits for their outcomes."""

    def __init__(self, work: PageWork, report: Callable[[IndexReport], None]):
        self._report = report
        self._submitted: set[str] = set()
        self._outcomes: dict[str, PageOutcome] = {}
        self._loaded: Loaded | None = None
        self._finished: Finished | None = None
        self._gone = False
        self._state = threading.Condition()
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        from_parent, to_child = os.pipe()
        from_child, to_parent = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the forked process: it never returns into the generator's code
            status = 1
            try:
                os.close(to_child)
                os.close(from_child)
                _serve(work, Connection(from_parent, writable=False), Connection(to_parent, readable=False))
                status = 0
            finally:
                os._exit(status)
        os.close(from_parent)
        os.close(to_parent)
        self.exit_status: int | None = None
        self._sender = threading.Thread(target=self._send_all, args=(Connection(to_child, readable=False),),
                                        name="explainer-pages", daemon=True)
        # Named a writer once every page is handed over: a later build waits for it from then on (see
        # served_rebuilds); before that, a build that fails leaves it to be closed (`close`).
        self.writer = threading.Thread(target=self._read_all, args=(Connection(from_child, writable=False),),
                                       name="explainer-annotator", daemon=True)
        self._sender.start()
        self.writer.start()

    def submit(self, job: PageJob) -> None:
        """Hand over one page; returns at once."""
        self._submitted.add(job.src_uri)
        self._outbox.put(("page", job))

    def outcome(self, src_uri: str) -> PageOutcome | None:
        """The page annotated, once it is; None if it was never handed over, or the process stopped."""
        if src_uri not in self._submitted:
            return None
        with self._state:
            self._state.wait_for(lambda: src_uri in self._outcomes or self._gone)
            return self._outcomes.pop(src_uri, None)

    def loaded(self) -> Loaded | None:
        """What the annotations hold for the generator, once they are loaded; None if the process stopped."""
        with self._state:
            self._state.wait_for(lambda: self._loaded is not None or self._gone)
            return self._loaded

    def finish(self, titles: dict[str, str]) -> None:
        """Every page was handed over: fill in what spans pages, then write the index and stop."""
        self.writer.name = WRITER_NAME
        self._outbox.put(("finish", titles))
        self._outbox.put(None)

    def finished(self) -> Finished | None:
        with self._state:
            self._state.wait_for(lambda: self._finished is not None or self._gone)
            return self._finished

    @property
    def stopped(self) -> str:
        """Why the process stopped before its work was done, or "" if it did not."""
        if not self._gone or self._finished is not None:
            return ""
        return f"the process that annotates the pages stopped unexpectedly (exit status {self.exit_status})"

    def close(self) -> None:
        """Stop the process of a build that ended early (its indexer stops with it)."""
        self._outbox.put(None)
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        self.writer.join()

    def _send_all(self, pipe: Connection) -> None:
        while (message := self._outbox.get()) is not None:
            try:
                pipe.send(message)
            except OSError:
                break  # the process is gone: the reader sees it
        pipe.close()

    def _read_all(self, pipe: Connection) -> None:
        try:
            while True:
                kind, *content = pipe.recv()
                if kind == "indexed":
                    self._report(content[0])
                    continue
                with self._state:
                    if kind == "loaded":
                        self._loaded = content[0]
                    elif kind == "page":
                        self._outcomes[content[0]] = content[1]
                    elif kind == "finished":
                        self._finished = content[0]
                    self._state.notify_all()
        except (EOFError, OSError):
            pass
        finally:
            pipe.close()
            _, status = os.waitpid(self.pid, 0)
            self.exit_status = os.waitstatus_to_exitcode(status)
            with self._state:
                self._gone = True
                self._state.notify_all()


# Pages indexed for each page annotated, while pages wait for both: indexing (placing the notes,
# sending them) takes a fraction of annotating, so the indexer has every page early and can make
# the index while the theme renders, and the theme, which renders the pages in order, never waits
# long for the next (at a thousand articles, indexing every page first kept it waiting a second).
INDEXED_PER_ANNOTATED = 4


def _serve(work: PageWork, inbox: Connection, outbox: Connection) -> None:
    """The forked process's loop: the pages indexed as they come and annotated in order, a few indexed
    for each one annotated; once every page came, the index written beside the last pages' annotation;
    then what spans pages."""
    gc.disable()  # it lives for one build, and makes next to no cycles
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which closes the pipe: then this ends
    try:
        # Loading runs while MkDocs reads the pages, a core each. Then this process yields, and the indexer
        # it starts with it: where they and the build's own process want the same core, the build's goes
        # first (at a thousand articles it is the one the build waits for), and the annotations and the
        # index catch up as the theme renders.
        outbox.send(("loaded", work.load(then=lambda: os.nice(10))))
        waiting: deque[PageJob] = deque()  # indexed, not yet annotated
        while True:
            for _ in range(INDEXED_PER_ANNOTATED):
                if waiting and not inbox.poll():
                    break
                message = inbox.recv()
                if message[0] == "finish":
                    _finish(work, waiting, message[1], outbox)
                    return
                work.index(message[1])
                waiting.append(message[1])
            job = waiting.popleft()
            outbox.send(("page", job.src_uri, work.page(job)))
    except (EOFError, OSError):
        return  # the generator's side is gone, or stopped this build
    finally:
        work.close()


def _finish(work: PageWork, waiting: deque[PageJob], titles: dict[str, str], outbox: Connection) -> None:
    """Every page came: have the index made while the last pages are annotated, then what spans pages."""
    indexed: list[IndexReport] = []
    writer = threading.Thread(target=lambda: indexed.append(work.write_index()), name="explainer-index")
    writer.start()
    for job in waiting:
        outbox.send(("page", job.src_uri, work.page(job)))
    outbox.send(("finished", work.finish(titles)))
    writer.join()
    outbox.send(("indexed", indexed[0] if indexed else IndexReport("error", _INDEX_THREAD_STOPPED)))


_INDEX_THREAD_STOPPED = ("search: the index was not written: its thread stopped unexpectedly; this is a fault in the hooks: "
                         "please open an issue with this line")


class InThisProcess:
    """`PageWork` in the generator's process: each page annotated as it is handed over."""

    def __init__(self, work: PageWork, report: Callable[[IndexReport], None]):
        self._work, self._report = work, report
        self._outcomes: dict[str, PageOutcome] = {}
        self._finished: Finished | None = None
        self.writer: threading.Thread | None = None
        self.stopped = ""
        self._loaded = work.load()

    def submit(self, job: PageJob) -> None:
        self._work.index(job)
        self._outcomes[job.src_uri] = self._work.page(job)

    def outcome(self, src_uri: str) -> PageOutcome | None:
        return self._outcomes.pop(src_uri, None)

    def loaded(self) -> Loaded | None:
        return self._loaded

    def finish(self, titles: dict[str, str]) -> None:
        self._finished = self._work.finish(titles)
        self.writer = start_writer(lambda: self._report(self._work.write_index()))

    def finished(self) -> Finished | None:
        return self._finished

    def close(self) -> None:
        self._work.close()
