"""History from git: dates, verdict timelines, and the check that nothing published changed silently.

Each test makes its own small repository with commits on chosen days; git
never sees the user's configuration (see `isolated_git`).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from explainer.history import (
    BaseRef, ClaimChange, History, VerdictChange, VersionReader, base_ref, compare_with_base, read_history, silent_changes,
)
from explainer.yamlsource import load

ROOT = Path(__file__).resolve().parents[2]
PAGE = "articles/x.yml"  # under annotations/
SHOWN = f"annotations/{PAGE}"


# ---------------------------------------------------------------- a repository to write history into


@pytest.fixture(autouse=True)
def isolated_git(tmp_path, monkeypatch):
    """Git, here and in the module under test, with no user or system configuration."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "BASE", "GITHUB_ACTIONS", "GITHUB_BASE_REF"):
        monkeypatch.delenv(name, raising=False)
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Editor")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "editor@example.org")


class Repo:
    """A git repository in a temporary folder, committed to on chosen days."""

    def __init__(self, path: Path):
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("-c", "init.defaultBranch=main", "init", "-q")

    def git(self, *args: str, when: str | None = None) -> str:
        env = dict(os.environ)
        if when:  # a day (noon UTC) or a full ISO date with its offset
            stamp = when if "T" in when else f"{when}T12:00:00+00:00"
            env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
        done = subprocess.run(["git", *args], cwd=self.path, env=env, capture_output=True, text=True, check=True)
        return done.stdout

    def write(self, path: str, text: str) -> Path:
        file = self.path / "annotations" / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
        return file

    def commit(self, when: str, message: str = "Edit annotations") -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, when=when)

    def history(self, base: str = "main") -> History:
        return read_history(self.path, Path("annotations"), base)


@pytest.fixture
def repo(tmp_path) -> Repo:
    return Repo(tmp_path / "repo")


def note(note_id: str, verdict: str = "incorrect", *, claim: str = "The call took place on July 15, 2023.",
         quote: str = "July 15, 2023", corrections: tuple[tuple[str, str], ...] = (), kind: str = "fact-check",
         body: str = "July 15, 2023 was a Saturday.") -> str:
    """One entry of `annotations:` as YAML."""
    lines = [f"  - id: {note_id}", f"    type: {kind}", f'    quote: "{quote}"']
    if kind == "fact-check":
        lines += [f"    claim: {claim}", f"    verdict: {verdict}", "    sources:", "      - title: The call's record",
                  "        url: https://example.org/record"]
    lines.append(f"    body: {body}")
    if corrections:
        lines.append("    corrections:")
        lines += [f"      - date: {day}\n        note: {text}" for day, text in corrections]
    return "\n".join(lines) + "\n"


def annotations(*notes: str, retired: tuple[str, ...] = ()) -> str:
    """An annotation file holding `notes`, and `retired` ids withdrawn."""
    text = "annotations:\n" + "".join(notes)
    if retired:
        text += "retired:\n" + "".join(f"  - id: {r}\n    date: 2025-04-01\n    note: Withdrawn; the record did not support it.\n" for r in retired)
    return text


def glossary(definition: str, corrections: tuple[tuple[str, str], ...] = ()) -> str:
    text = f"terms:\n  - id: security-guarantee\n    term: Security guarantee\n    definition: {definition}\n"
    if corrections:
        text += "    corrections:\n" + "".join(f"      - date: {day}\n        note: {note_text}\n" for day, note_text in corrections)
    return text


def where(text: str, value: str) -> str:
    """`line:col` where `value` first occurs in `text`, as problems locate a value."""
    start = text.index(value)
    return f"{text.count(chr(10), 0, start) + 1}:{start - text.rfind(chr(10), 0, start)}"


# ---------------------------------------------------------------- when notes were added and changed


def test_a_note_is_dated_by_the_commit_that_added_it(repo):
    repo.write(PAGE, annotations(note("call-date")))
    repo.commit("2025-03-01")

    history = repo.history()

    assert history.available and history.reason is None
    assert history.file(PAGE).first_commit == history.file(PAGE).last_commit == date(2025, 3, 1)
    found = history.note(PAGE, "call-date")
    assert (found.added, found.changed, found.removed) == (date(2025, 3, 1), None, None)
    assert found.verdicts == [VerdictChange("incorrect", date(2025, 3, 1))]
    assert found.claims == [ClaimChange("The call took place on July 15, 2023.", date(2025, 3, 1))]


def test_a_corrected_verdict_is_a_change_and_joins_the_timeline(repo):
    repo.write(PAGE, annotations(note("call-date"), note("other", "accurate", quote="Thursday")))
    repo.commit("2025-03-01")
    repo.write(PAGE, annotations(note("call-date", "misleading", corrections=(("2025-03-05", "The date was right."),)),
                                 note("other", "accurate", quote="Thursday")))
    repo.commit("2025-03-05")

    history = repo.history()

    found = history.note(PAGE, "call-date")
    assert (found.added, found.changed) == (date(2025, 3, 1), date(2025, 3, 5))
    assert found.verdicts == [VerdictChange("incorrect", date(2025, 3, 1)), VerdictChange("misleading", date(2025, 3, 5))]
    assert history.note(PAGE, "other").changed is None
    assert history.file(PAGE).last_commit == date(2025, 3, 5)


def test_moving_a_note_to_another_passage_is_not_a_change(repo):
    repo.write(PAGE, annotations(note("call-date")))
    repo.commit("2025-03-01")
    repo.write(PAGE, annotations(note("call-date").replace("    quote:", "    prefix: on\n    suffix: ', with'\n    quote:")
                                 .replace("July 15, 2023\"", "July 15\"")))
    repo.commit("2025-03-02")

    assert repo.history().note(PAGE, "call-date").changed is None


def test_a_reworded_body_is_a_change(repo):
    repo.write(PAGE, annotations(note("call-date")))
    repo.commit("2025-03-01")
    repo.write(PAGE, annotations(note("call-date", body="That day was a Saturday.")))
    repo.commit("2025-03-02")

    found = repo.history().note(PAGE, "call-date")
    assert (found.changed, len(found.verdicts), len(found.claims)) == (date(2025, 3, 2), 1, 1)


def test_a_rewrapped_claim_is_the_same_claim(repo):
    repo.write(PAGE, annotations(note("call-date", claim="The call took place on July 15, 2023.")))
    repo.commit("2025-03-01")
    repo.write(PAGE, annotations(note("call-date", claim="The  call took place\n      on July 15, 2023.")))
    repo.commit("2025-03-02")

    assert repo.history().note(PAGE, "call-date").claims == [ClaimChange("The call took place on July 15, 2023.", date(2025, 3, 1))]


def test_a_removed_note_keeps_its_history(repo):
    repo.write(PAGE, annotations(note("call-date"), note("other", quote="Thursday")))
    repo.commit("2025-03-01")
    repo.write(PAGE, annotations(note("other", quote="Thursday"), retired=("call-date",)))
    repo.commit("2025-03-08")

    history = repo.history()

    assert history.note(PAGE, "call-date").removed == date(2025, 3, 8)
    assert history.file(PAGE).retired == {"call-date": date(2025, 3, 8)}


def test_the_day_is_the_committer_date_in_utc(repo):
    repo.write(PAGE, annotations(note("call-date")))
    repo.commit("2025-03-01T23:30:00-05:00")  # 04:30 on 2 March in UTC

    assert repo.history().note(PAGE, "call-date").added == date(2025, 3, 2)


def test_days_never_go_back_along_the_branch(repo):
    repo.write(PAGE, annotations(note("call-date")))
    repo.commit("2025-03-05")
    repo.write(PAGE, annotations(note("call-date", "accurate", corrections=(("2025-03-01", "Fixed."),))))
    repo.commit("2025-03-01")  # made earlier, fast-forwarded onto main later

    assert repo.history().note(PAGE, "call-date").changed == date(2025, 3, 5)


def test_a_renamed_file_keeps_its_history(repo):
    repo.write("articles/old-name.yml", annotations(note("call-date")))
    repo.commit("2025-03-01")
    repo.git("mv", "annotations/articles/old-name.yml", "annotations/articles/x.yml")
    repo.commit("2025-03-04")
    repo.write(PAGE, annotations(note("call-date", "misleading", corrections=(("2025-03-06", "Fixed."),))))
    repo.commit("2025-03-06")

    history = repo.history()

    assert history.file("articles/old-name.yml") is None
    assert history.file(PAGE).first_commit == date(2025, 3, 1)
    assert history.note(PAGE, "call-date").verdicts == [VerdictChange("incorrect", date(2025, 3, 1)),
                                                        VerdictChange("misleading", date(2025, 3, 6))]


def test_a_pull_request_is_published_when_it_is_merged(repo):
    repo.write(PAGE, annotations(note("call-date")))
    repo.commit("2025-03-01")
    repo.git("checkout", "-q", "-b", "review")
    repo.write(PAGE, annotations(note("call-date"), note("summit", "misleading", quote="Geneva")))
    repo.commit("2025-03-02", "Draft")
    repo.write(PAGE, annotations(note("call-date"), note("summit", "accurate", quote="Geneva")))
    repo.commit("2025-03-03", "Reviewed")
    repo.git("checkout", "-q", "main")
    (repo.path / "README.md").write_text("An explainer.\n", encoding="utf-8")
    repo.commit("2025-03-04", "Readme")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge the review", "review", when="2025-03-05")

    history = repo.history()

    summit = history.note(PAGE, "summit")
    assert summit.added == date(2025, 3, 5)
    assert summit.verdicts == [VerdictChange("accurate", date(2025, 3, 5))]  # the draft's verdict was never published
    assert history.file(PAGE).first_commit == date(2025, 3, 1)
    assert repo.history(base="review").note(PAGE, "summit").verdicts[0] == VerdictChange("misleading", date(2025, 3, 2))


def test_a_glossary_term_is_dated_and_its_correction_is_a_change(repo):
    repo.write("glossary.yml", glossary("A pledge by one state to defend another."))
    repo.commit("2025-02-01")
    repo.write("glossary.yml", glossary("A pledge by one state to help defend another.", (("2025-02-09", "It is help, not defence."),)))
    repo.commit("2025-02-09")

    term = repo.history().term("security-guarantee")

    assert (term.added, term.changed, term.verdicts) == (date(2025, 2, 1), date(2025, 2, 9), [])


def test_a_version_that_does_not_parse_is_skipped(repo):
    repo.write(PAGE, annotations(note("call-date")))
    repo.commit("2025-03-01")
    repo.write(PAGE, annotations(note("call-date", "accurate")) + "  - id: [unclosed\n")
    repo.commit("2025-03-02")
    repo.write(PAGE, annotations(note("call-date", "misleading", corrections=(("2025-03-03", "Fixed."),))))
    repo.commit("2025-03-03")

    history = repo.history()

    assert history.note(PAGE, "call-date").verdicts == [VerdictChange("incorrect", date(2025, 3, 1)),
                                                        VerdictChange("misleading", date(2025, 3, 3))]
    assert history.file(PAGE).last_commit == date(2025, 3, 3)


def test_a_file_deleted_then_restored_takes_up_its_history(repo):
    repo.write(PAGE, annotations(note("call-date")))
    repo.commit("2025-03-01")
    (repo.path / "annotations" / PAGE).unlink()
    repo.commit("2025-03-02")
    repo.write(PAGE, annotations(note("call-date")))
    repo.commit("2025-03-03")

    found = repo.history().note(PAGE, "call-date")

    assert (found.added, found.removed, found.changed) == (date(2025, 3, 1), None, None)


def test_a_site_in_a_subfolder_of_its_repository(repo):
    site = repo.path / "site"
    (site / "annotations" / "articles").mkdir(parents=True)
    (site / "annotations" / PAGE).write_text(annotations(note("call-date")), encoding="utf-8")
    repo.write(PAGE, annotations(note("elsewhere")))  # another site's annotations/, at the top
    repo.commit("2025-03-01")

    history = read_history(site, Path("annotations"), "main")

    assert history.note(PAGE, "call-date").added == date(2025, 3, 1)
    assert history.note(PAGE, "elsewhere") is None


def test_uncommitted_notes_have_no_dates(repo):
    repo.write(PAGE, annotations(note("call-date")))
    repo.commit("2025-03-01")
    repo.write(PAGE, annotations(note("call-date", "accurate"), note("new", quote="Thursday")))
    repo.write("articles/y.yml", annotations(note("elsewhere")))

    history = repo.history()

    assert history.note(PAGE, "new") is None
    assert history.file("articles/y.yml") is None
    assert history.note(PAGE, "call-date").verdicts == [VerdictChange("incorrect", date(2025, 3, 1))]


# ---------------------------------------------------------------- without history


def unavailable(history: History, because: str) -> None:
    assert not history.available
    assert history.reason.startswith("dates and history are unavailable: ") and because in history.reason
    assert history.file(PAGE) is None and history.note(PAGE, "call-date") is None and history.term("security-guarantee") is None


def test_a_shallow_clone_has_no_history(repo, tmp_path):
    repo.write(PAGE, annotations(note("call-date")))
    repo.commit("2025-03-01")
    repo.write(PAGE, annotations(note("call-date", "accurate")))
    repo.commit("2025-03-02")
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(tmp_path / "shallow")], check=True)

    unavailable(read_history(tmp_path / "shallow", Path("annotations"), "HEAD"), "shallow clone")


def test_a_folder_without_git_has_no_history(repo, tmp_path):
    repo.write(PAGE, annotations(note("call-date")))
    repo.commit("2025-03-01")
    shutil.copytree(repo.path, tmp_path / "unpacked", ignore=shutil.ignore_patterns(".git"))

    unavailable(read_history(tmp_path / "unpacked", Path("annotations")), "not in a git repository")


def test_an_unknown_base_has_no_history(repo):
    repo.write(PAGE, annotations(note("call-date")))
    repo.commit("2025-03-01")

    unavailable(repo.history(base="origin/main"), "origin/main is not a commit in this clone")


def test_a_repository_without_commits_has_no_history(repo):
    repo.write(PAGE, annotations(note("call-date")))

    unavailable(repo.history(base="HEAD"), "HEAD is not a commit")


def test_git_is_not_needed(repo, monkeypatch):
    repo.write(PAGE, annotations(note("call-date")))
    repo.commit("2025-03-01")
    monkeypatch.setenv("PATH", "")

    unavailable(repo.history(), "git is not installed")


# ---------------------------------------------------------------- no silent change


def published(repo: Repo, *notes: str) -> None:
    """`notes` in annotations/articles/x.yml on main."""
    repo.write(PAGE, annotations(*notes))
    repo.commit("2025-03-01")


def check(repo: Repo, base: str = "main") -> list[str]:
    comparison = compare_with_base(repo.path, Path("annotations"), BaseRef(base, required=True))
    assert comparison.info is None
    return [str(problem) for problem in comparison.problems]


def test_a_silent_change_of_verdict_is_reported_at_the_verdict(repo):
    published(repo, note("summit", quote="Geneva"), note("call-date"))
    text = annotations(note("summit", quote="Geneva"), note("call-date", "misleading"))
    repo.write(PAGE, text)

    assert check(repo) == [
        f"{SHOWN}:{where(text, 'misleading')}: the verdict of 'call-date' changed from incorrect to misleading since it was "
        "published on main, without a correction; add a `corrections:` entry (date, note) to it saying what changed and why"]


def test_a_changed_verdict_with_a_new_correction_is_fine(repo):
    published(repo, note("call-date", corrections=(("2025-02-01", "An earlier fix."),)))
    repo.write(PAGE, annotations(note("call-date", "misleading", corrections=(("2025-02-01", "An earlier fix."), ("2025-03-09", "The date was right.")))))

    assert check(repo) == []


def test_an_old_correction_does_not_cover_a_new_change(repo):
    published(repo, note("call-date", corrections=(("2025-02-01", "An earlier fix."),)))
    text = annotations(note("call-date", "misleading", corrections=(("2025-02-01", "An earlier fix."),)))
    repo.write(PAGE, text)

    assert [line.split(": ", 1)[0] for line in check(repo)] == [f"{SHOWN}:{where(text, 'misleading')}"]


def test_a_silent_change_of_claim_is_reported_at_the_claim(repo):
    published(repo, note("call-date"))
    text = annotations(note("call-date", claim="The call took place in July 2023."))
    repo.write(PAGE, text)

    assert check(repo) == [
        f"{SHOWN}:{where(text, 'The call took place in July')}: the claim of 'call-date' changed since it was published on main, "
        "without a correction; add a `corrections:` entry (date, note) to it saying what changed and why"]


def test_verdict_and_claim_changed_together_are_one_problem(repo):
    published(repo, note("call-date"))
    text = annotations(note("call-date", "accurate", claim="The call took place in August 2025."))
    repo.write(PAGE, text)

    [problem] = check(repo)
    assert problem.startswith(f"{SHOWN}:{where(text, 'accurate')}: the verdict of 'call-date' changed from incorrect to accurate "
                              "and its claim changed since it was published on main")


def test_a_withdrawn_fact_check_needs_a_retired_entry(repo):
    published(repo, note("summit", quote="Geneva"), note("call-date"))
    repo.write(PAGE, annotations(note("summit", quote="Geneva")))

    assert check(repo) == [
        f"{SHOWN}:1:1: the fact-check 'call-date' was published on main and is no longer in this file; to withdraw it, "
        "list it under the file's `retired:` (id, date, note saying why) so its permalink still explains what happened"]

    repo.write(PAGE, annotations(note("summit", quote="Geneva"), retired=("call-date",)))
    assert check(repo) == []


def test_what_was_never_published_may_change_freely(repo):
    published(repo, note("context", kind="context", quote="BREAKING"))
    repo.write(PAGE, annotations(note("context", kind="context", quote="BREAKING", body="Reworded."), note("new", "accurate")))
    repo.git("checkout", "-q", "-b", "review")
    repo.commit("2025-03-02")
    repo.write(PAGE, annotations(note("new", "misleading")))  # a pull request's own fact-check: not published yet

    assert check(repo) == []


def test_a_deleted_file_needs_its_fact_checks_retired_somewhere(repo):
    published(repo, note("call-date"))
    (repo.path / "annotations" / PAGE).unlink()
    repo.write("articles/other.yml", annotations(note("unrelated", quote="Thursday")))

    assert check(repo) == [
        f"{SHOWN}:1:1: this file was deleted, and with it the fact-check 'call-date' published on main; to withdraw it, "
        "list it under `retired:` (id, date, note saying why) in the annotation file that takes over its page"]

    repo.write("articles/other.yml", annotations(note("unrelated", quote="Thursday"), retired=("call-date",)))
    assert check(repo) == []


def test_a_renamed_file_is_compared_under_its_new_name(repo):
    published(repo, note("call-date"))
    (repo.path / "annotations" / PAGE).unlink()
    text = annotations(note("call-date", "accurate"))
    repo.write("articles/renamed.yml", text)  # not even added to git yet

    assert [line.split(": ", 1)[0] for line in check(repo)] == [f"annotations/articles/renamed.yml:{where(text, 'accurate')}"]


def test_the_base_is_where_the_branch_began(repo):
    published(repo, note("call-date"))
    repo.git("checkout", "-q", "-b", "review")
    repo.write("articles/y.yml", annotations(note("elsewhere", quote="Thursday")))
    repo.commit("2025-03-02")
    repo.git("checkout", "-q", "main")
    repo.write(PAGE, annotations(note("call-date", "accurate", corrections=(("2025-03-03", "Fixed."),)), note("later", quote="Friday")))
    repo.commit("2025-03-03")
    repo.git("checkout", "-q", "review")

    # main published a new verdict and a new fact-check after the review began: neither is the review's doing
    assert check(repo) == []


def test_the_check_needs_only_the_base_commit_not_its_history(repo, tmp_path):
    published(repo, note("call-date"))
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(tmp_path / "shallow")], check=True)
    (tmp_path / "shallow" / "annotations" / PAGE).write_text(annotations(note("call-date", "accurate")), encoding="utf-8")

    comparison = compare_with_base(tmp_path / "shallow", Path("annotations"), BaseRef("origin/main", required=True))

    assert [problem.message.split(" since")[0] for problem in comparison.problems] == [
        "the verdict of 'call-date' changed from incorrect to accurate"]


def test_a_file_that_does_not_parse_is_left_to_the_build(repo):
    published(repo, note("call-date"))
    repo.write(PAGE, "annotations: [unclosed\n")

    assert check(repo) == []


@pytest.mark.parametrize("now", [
    b"annotations:\n  - id: caf\xe9\n",  # not UTF-8: the file is there, but cannot be read
    b"",  # emptied
    b"- id: call-date\n",  # a list, not a mapping
    "annotations:\n" + note("call-date").replace("incorrect", "wrong"),  # a verdict that is none
    "annotations:\n" + note("call-date").replace("verdict:", "verdct:"),  # a misspelt field
], ids=["not-utf-8", "empty", "a-list", "unknown-verdict", "misspelt-verdict"])
def test_a_file_with_a_mistake_is_compared_once_it_is_fixed(repo, now):
    # The build reports the mistake; saying also that the fact-check changed or left would bury it.
    published(repo, note("call-date"))
    (repo.path / "annotations" / PAGE).write_bytes(now if isinstance(now, bytes) else now.encode())

    assert check(repo) == []


def test_a_new_note_taking_a_published_id_is_left_to_the_build(repo):
    # The build asks for another id; which of the two is the fact-check is for the author to say.
    published(repo, note("call-date"))
    repo.write(PAGE, annotations(note("call-date"), note("call-date", "misleading", quote="Geneva")))

    assert check(repo) == []


def test_a_missing_base_is_one_info_line_locally_and_an_error_when_required(repo):
    published(repo, note("call-date"))

    local = compare_with_base(repo.path, Path("annotations"), BaseRef("origin/main", required=False))
    required = compare_with_base(repo.path, Path("annotations"), BaseRef("origin/main", required=True))

    assert (local.problems, local.info) == ([], "published fact-checks were not compared with origin/main: origin/main is not a commit in this clone")
    assert [str(p) for p in required.problems] == [
        "annotations:1:1: published fact-checks were not compared with origin/main: origin/main is not a commit in this clone; "
        "fetch it first (in a GitHub workflow: actions/checkout with fetch-depth: 0)"]


def test_silent_changes_on_plain_data():
    before = load(annotations(note("call-date"), note("context", kind="context", quote="BREAKING")), SHOWN)[0].data
    text = annotations(note("call-date", kind="context"))
    after, problems = load(text, SHOWN)
    assert problems == []

    # A fact-check turned into a context note has lost its verdict (reported at its entry, having no verdict
    # to point at); the context note that left was never a fact-check.
    assert [str(p) for p in silent_changes(before, after, base="origin/main")] == [
        f"{SHOWN}:{where(text, 'id: call-date')}: the verdict of 'call-date' changed from incorrect to none and its claim changed "
        "since it was published on origin/main, without a correction; add a `corrections:` entry (date, note) to it saying what changed and why"]


# ---------------------------------------------------------------- which base


@pytest.mark.parametrize("env, explicit, expected", [
    ({}, "v1.0", BaseRef("v1.0", required=True)),
    ({"BASE": "origin/release"}, None, BaseRef("origin/release", required=True)),
    ({"BASE": "origin/release"}, "v1.0", BaseRef("v1.0", required=True)),
    ({"GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "stable"}, None, BaseRef("origin/stable", required=True)),
    ({"GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": ""}, None, BaseRef("main", required=True)),
    ({}, None, BaseRef("main", required=False)),
])
def test_which_base(repo, env, explicit, expected):
    published(repo, note("call-date"))

    assert base_ref(repo.path, env, explicit) == expected


def test_without_a_local_main_the_base_is_origin_main(repo, tmp_path):
    published(repo, note("call-date"))
    repo.git("branch", "-m", "main", "work")

    assert base_ref(repo.path, {}) == BaseRef("origin/main", required=False)
    assert base_ref(tmp_path, {}) == BaseRef("origin/main", required=False)  # not a repository: the check will say so


# ---------------------------------------------------------------- reading versions piece by piece


TRICKY = {
    "plain": annotations(note("a"), note("b", quote="Thursday")),
    "zero-indented items": "annotations:\n- id: a\n  type: context\n- id: b\n  type: context\nretired: []\n",
    "comments between items": "# head\nannotations:\n  # first\n  - id: a\n    body: |\n      # not a comment\n\n  # second\n  - id: b\n",
    "kept trailing lines": "annotations:\n  - id: a\n    body: |+\n      text\n\n\n  - id: b\n",
    "flow list": "annotations: [{id: a}, {id: b}]\nterms:\n  - id: t\n",
    "quoted text across items": 'annotations:\n  - id: a\n    quote: "some text\n  - and more"\n',
    "quoted text across keys": 'annotations:\n  - id: a\n    quote: "some text\ntitle: more"\n',
    "repeated key": "annotations:\n  - id: a\nannotations:\n  - id: b\n",
    "document marker": "---\nannotations:\n  - id: a\n",
    "two documents": "annotations:\n  - id: a\n---\nannotations:\n  - id: b\n",
    "alias across items": "annotations:\n  - &x id: a\n  - id: *x\n",
    "a list at the top": "- id: a\n- id: b\n",
    "a scalar": "just text\n",
    "empty": "",
    "only comments": "# nothing yet\n",
    "windows line ends": "annotations:\r\n  - id: a\r\n  - id: b\r\n",
    "tab indentation": "annotations:\n\t- id: a\n",
    "less indented line": "annotations:\n    - id: a\n  - id: b\n",
    "key on the line": "summary: {bottom_line: x}\ntitle: a long\n  title\nannotations:\n  - id: a\n",
    "section not a list": "annotations:\n  id: a\n",
    "blank section": "annotations:\nterms:\n  - id: t\n",
    "key with a trailing comment": "annotations:  # the notes\n  - id: a\n",
}


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_reading_piece_by_piece_gives_what_parsing_whole_gives(text):
    whole, _ = load(text, SHOWN)

    assert VersionReader().data(text.encode(), SHOWN) == (whole.data if whole else None)


def test_the_repositorys_own_files_read_piece_by_piece():
    reader = VersionReader()
    for path in sorted(glob.glob(str(ROOT / "annotations" / "**" / "*.yml"), recursive=True)):
        content = Path(path).read_bytes()
        whole, _ = load(content.decode(), path)
        assert reader.data(content, path) == (whole.data if whole else None), path
