"""The order in which the annotating process indexes and annotates the pages, with a stand-in for the work."""

from __future__ import annotations

import gc
import signal
import threading
from multiprocessing.connection import Pipe

from explainer.annotator_process import INDEXED_PER_ANNOTATED, _serve
from explainer.page_work import Finished, IndexReport, Loaded, PageJob, PageOutcome

PAGES = [f"page-{number}.md" for number in range(1, 11)]


class RecordedWork:
    """Says what was asked of it, in order; the last page is annotated only once the index is being written."""

    def __init__(self):
        self.events: list[str] = []
        self.index_started = threading.Event()
        self.last_page_waited = False

    def load(self, then=None):  # `then` would lower the priority of the test's own process: not called
        self.events.append("load")
        return Loaded()

    def index(self, job):
        self.events.append(f"index {job.src_uri}")

    def page(self, job):
        if job.src_uri == PAGES[-1]:
            self.last_page_waited = not self.index_started.wait(timeout=10)
        self.events.append(f"page {job.src_uri}")
        return PageOutcome(job.html)

    def write_index(self):
        self.events.append("write index")
        self.index_started.set()
        return IndexReport()

    def finish(self, titles):
        self.events.append("finish")
        return Finished({}, "")

    def close(self):
        self.events.append("close")


def test_pages_are_indexed_ahead_annotated_in_order_and_the_index_made_beside_the_last_ones():
    inbox, from_build = Pipe(duplex=False)  # what the process reads, what the build writes
    to_build, outbox = Pipe(duplex=False)
    for name in PAGES:
        from_build.send(("page", PageJob(name, f"<p>{name}</p>", "", name, name)))
    from_build.send(("finish", {}))
    work = RecordedWork()
    handler, collecting = signal.getsignal(signal.SIGINT), gc.isenabled()
    try:
        _serve(work, inbox, outbox)
    finally:
        signal.signal(signal.SIGINT, handler)
        if collecting:
            gc.enable()

    events = work.events
    assert events[0] == "load" and events[-1] == "close"
    annotated = [e.removeprefix("page ") for e in events if e.startswith("page ")]
    assert annotated == PAGES  # in the order the build reads them, which is the order it renders them
    first_annotation = events.index(f"page {PAGES[0]}")
    assert events[1:first_annotation] == [f"index {name}" for name in PAGES[:INDEXED_PER_ANNOTATED]]
    # Never more than a few pages indexed between two annotated: the theme does not wait long for the next.
    runs, run = [], 0
    for event in events[first_annotation:]:
        if event.startswith("index "):
            run += 1
        elif event.startswith("page "):
            runs.append(run)
            run = 0
    assert max(runs) <= INDEXED_PER_ANNOTATED
    # Every page is indexed before the index is made, and it is made while the last pages are annotated.
    assert events.index("write index") > max(i for i, e in enumerate(events) if e.startswith("index "))
    assert not work.last_page_waited and events.index("write index") < events.index(f"page {PAGES[-1]}")
    assert events.index("finish") > events.index(f"page {PAGES[-1]}")

    said = []
    while to_build.poll():
        said.append(to_build.recv())
    assert [message[0] for message in said] == ["loaded", *["page"] * len(PAGES), "finished", "indexed"]
    assert [message[1] for message in said if message[0] == "page"] == PAGES
