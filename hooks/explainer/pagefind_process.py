"""A Pagefind indexer in a process of its own, fed as pages are read.

Pages and records go in; `files` gives back the search bundle (pagefind.js,
its index, filters and fragments) for the caller to write. Messages follow
the protocol of `pagefind --service` (base64 JSON, each followed by a comma),
the one that Pagefind's own Python API speaks. That API is not used: its reader sleeps
0.1 s before each response, so 20,000 notes would take over half an hour;
here a writer thread sends without waiting for answers and a reader thread
counts them, so the indexer works on the second core while the generator
keeps rendering pages. Failures are returned as one line, never raised as a
traceback.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import subprocess
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from .search_records import SearchRecord

WRITE_TIMEOUT = 300  # seconds for the bundle to be made once every page was sent


class SearchIndexError(Exception):
    """Pagefind could not be started, or failed; the message says what it said, in one line."""


def pagefind_executable() -> Path:
    """The Pagefind binary: PAGEFIND_BINARY_PATH if set (as Pagefind's own API allows), else pagefind_bin's."""
    if os.environ.get("PAGEFIND_BINARY_PATH"):
        return Path(os.environ["PAGEFIND_BINARY_PATH"])
    try:
        from pagefind_bin import get_executable
        return get_executable()
    except (ImportError, FileNotFoundError) as error:
        raise SearchIndexError(f"the Pagefind binary is not installed ({error}); run `make` to install requirements.txt") from None


class PagefindIndex:
    """One index, in one `pagefind --service` process, for one build."""

    def __init__(self, process: subprocess.Popen, config: dict):
        self._process = process
        self._config = config
        self._outbox: queue.Queue[bytes | None] = queue.Queue()
        self._next_id = 0
        self._answered: dict[int, dict] = {}
        self._answer = threading.Condition()
        self._errors: list[str] = []
        self._stderr: deque[str] = deque(maxlen=5)
        self._threads = [threading.Thread(target=target, name=f"pagefind-{name}", daemon=True)
                         for name, target in (("writer", self._send_all), ("reader", self._read_all), ("stderr", self._read_stderr))]
        for thread in self._threads:
            thread.start()
        self._index_id = self._call({"type": "NewIndex", "config": None}).get("index_id", 0)

    @classmethod
    def start(cls, config: dict) -> "PagefindIndex":
        """Start the indexer with Pagefind's index options (exclude_selectors, force_language, ...)."""
        executable = pagefind_executable()
        try:
            process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, env=_indexer_environment(os.environ))
        except OSError as error:
            raise SearchIndexError(f"Pagefind could not be started ({executable}: {error.strerror or error})") from None
        try:
            return cls(process, config)
        except SearchIndexError:
            process.kill()
            process.wait()
            raise

    def _call(self, payload: dict, timeout: float = 60) -> dict:
        """Send one message and wait for its answer."""
        message_id = self._send(payload)
        with self._answer:
            if not self._answer.wait_for(lambda: message_id in self._answered or self._process.poll() is not None, timeout):
                raise SearchIndexError(f"Pagefind did not answer within {timeout:.0f} s")
            answer = self._answered.pop(message_id, None)  # kept no longer than the caller keeps it
        if answer is None:
            raise SearchIndexError(f"Pagefind stopped ({self._last_words()})")
        if answer.get("type") == "Error":
            raise SearchIndexError(f"Pagefind failed: {_one_line(answer.get('message', ''))}")
        return answer

    def _send(self, *payloads: dict) -> int:
        """Send messages in one piece (one wake of the writer thread, not one for each); the last one's id."""
        messages = []
        for payload in payloads:
            if payload.get("type") == "NewIndex":
                payload = {**payload, "config": self._config}
            else:
                payload = {**payload, "index_id": self._index_id}
            self._next_id += 1
            message = json.dumps({"message_id": self._next_id, "payload": payload}).encode("utf-8")
            messages.append(base64.b64encode(message) + b",")
        self._outbox.put(b"".join(messages))
        return self._next_id

    def add_page(self, url: str, html: str, records: Iterable[SearchRecord] = ()) -> None:
        """Index a page's HTML, found at `url` (root-relative), and the results that are parts of it
        (its notes); returns at once."""
        self._send({"type": "AddFile", "url": url, "file_contents": html, "file_path": None}, *map(_added, records))

    def add_records(self, records: Iterable[SearchRecord]) -> None:
        """Index results that are not pages of their own (the glossary's terms); returns at once."""
        added = [_added(record) for record in records]
        if added:
            self._send(*added)

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Wait for every page sent, then the bundle (pagefind.js, its index, filters and fragments) as
        (path within it, content), each decoded as it is taken; raise SearchIndexError on any failure.
        The caller writes them: over the last build's bundle, most are there already (see index_reuse)."""
        answer = self._call({"type": "GetFiles"}, timeout=WRITE_TIMEOUT)
        if self._errors:
            raise SearchIndexError(f"Pagefind failed on {len(self._errors)} of the pages and records: {self._errors[0]}")
        try:
            listed = [(file["path"], file["content"]) for file in answer["files"]]
        except (KeyError, TypeError) as error:
            raise SearchIndexError(f"Pagefind's files could not be read ({type(error).__name__}: {_one_line(error)})") from None
        return ((path, _decoded(path, content)) for path, content in listed)

    def close(self) -> None:
        """Stop the process (it is waited for, so its peak memory counts in the build's children)."""
        self._outbox.put(None)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    # The three threads: send, read answers, keep the last lines the process wrote on stderr.

    def _send_all(self) -> None:
        stdin = self._process.stdin
        while (message := self._outbox.get()) is not None:
            try:
                stdin.write(message)
                if self._outbox.empty():
                    stdin.flush()
            except (BrokenPipeError, OSError):
                break  # the process is gone: the reader sees it, and waiting callers are told
        try:
            stdin.close()
        except OSError:
            pass

    def _read_all(self) -> None:
        # The bundle comes as one message of megabytes: its pieces are joined once it is whole,
        # not added to a growing buffer and searched again with every piece.
        stdout, pieces = self._process.stdout, []
        while chunk := stdout.read1(1 << 20):
            *ends, rest = chunk.split(b",")
            if ends:
                self._received(b"".join([*pieces, ends[0]]))
                for message in ends[1:]:
                    self._received(message)
                pieces = []
            pieces.append(rest)
        with self._answer:
            self._answer.notify_all()

    def _received(self, message: bytes) -> None:
        try:
            answer = json.loads(base64.b64decode(message))
        except ValueError:
            return
        payload = answer.get("payload") or {}
        message_id = answer.get("message_id")
        if payload.get("type") == "Error" and len(self._errors) < 5:
            self._errors.append(_one_line(payload.get("message", "")))
        if message_id is not None:
            with self._answer:
                if payload.get("type") not in ("IndexedFile",):  # only the calls that are waited for are kept
                    self._answered[message_id] = payload
                self._answer.notify_all()

    def _read_stderr(self) -> None:
        for line in self._process.stderr:
            self._stderr.append(line.decode("utf-8", "replace").strip())

    def _last_words(self) -> str:
        self._threads[2].join(timeout=2)  # what it said on stderr before it stopped
        said = " / ".join(line for line in self._stderr if line)
        return f"exit status {self._process.poll()}" + (f": {_one_line(said)}" if said else "")


# Pagefind's allocator (jemalloc) keeps freed blocks of up to 32 KiB per thread by default; each page
# and record frees larger ones, which it hands back to the system and faults in again (170,000 page
# faults for 4,000 records). Keeping blocks of up to 256 KiB takes a fifth off the indexer's time, and
# as much off the wait for the index at the end of a build. One arena for all its threads, rather than
# four for each core, keeps its peak memory a sixth lower (667 against 803 MiB at 1,000 articles), at
# no cost in time.
ALLOCATOR_OPTIONS = ("_RJEM_MALLOC_CONF", "narenas:1,tcache_max:262144")


def _indexer_environment(environment) -> dict[str, str]:
    """The build's environment, with the allocator's options unless they are set already."""
    name, value = ALLOCATOR_OPTIONS
    return {name: value, **environment}


def _added(record: SearchRecord) -> dict:
    return {"type": "AddRecord", "url": record.url, "content": record.content, "language": "en",
            "meta": record.meta(), "filters": record.filters(), "sort": None}


def _decoded(path: str, content: str) -> bytes:
    try:
        return base64.b64decode(content, validate=True)
    except (TypeError, ValueError) as error:
        raise SearchIndexError(f"Pagefind's file {path!r} could not be read ({_one_line(error)})") from None


def _one_line(text: str) -> str:
    return " ".join(str(text).split())[:300] or "no details"
