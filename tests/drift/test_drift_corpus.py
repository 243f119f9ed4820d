"""The labelled drift corpus (corpus.yml): every edit gets the outcome a careful editor
expects, no note is ever moved to a wrong passage, and the figures are printed at the end."""

from __future__ import annotations

import pytest

from explainer import drift
from drift_corpus import CASES, FIGURES, precision_recall, run_corpus

SWEEP = (0.75, 0.80, 0.85, 0.90, 0.95)  # thresholds shown beside the one chosen


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return run_corpus(tmp_path_factory.mktemp("drift"))


def test_the_corpus_is_large_and_covers_every_kind_of_edit():
    assert len(CASES) >= 25
    kinds = {case["kind"] for case in CASES}
    for kind in ("a typo fixed inside a quote", "punctuation or quotes changed", "a word inserted or removed",
                 "a sentence reworded", "a paragraph moved, split or merged",
                 "the quoted sentence deleted while a similar one remains", "the quote duplicated",
                 "a prefix or suffix that no longer matches"):
        assert kind in kinds
    assert len({case["name"] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("name", [case["name"] for case in CASES if case.get("set") != "held-out"])
def test_each_case_gets_the_expected_outcome(corpus, name):
    outcome = next(o for o in corpus[0] if o.name == name)
    assert (outcome.got, outcome.right_place is not False) == (outcome.expected, True), outcome.message


def test_no_note_is_ever_moved_to_a_wrong_passage(corpus, request):
    outcomes, _ = corpus
    figures = precision_recall(outcomes)
    assert figures["wrong_placements"] == 0, [o.name for o in outcomes if o.wrong_placement]
    assert figures["precision"] == 1.0
    held_out = precision_recall([o for o, case in zip(outcomes, CASES) if case.get("set") == "held-out"])
    tuning = precision_recall([o for o, case in zip(outcomes, CASES) if case.get("set") != "held-out"])
    assert held_out["wrong_placements"] == 0
    lines = [f"threshold {drift.THRESHOLD:.2f}, margin {drift.MARGIN:.2f}: "
             f"precision {figures['precision']:.2f}, recall {figures['recall']:.2f} "
             f"({figures['right_moves']} of {figures['expected_moves']} expected moves made, {figures['moves']} moves), "
             f"{figures['wrong_placements']} wrong placements; {figures['agree']} of {figures['cases']} cases as expected",
             f"  cases that chose it ({tuning['cases']}): precision {tuning['precision']:.2f}, recall {tuning['recall']:.2f}; "
             f"held out ({held_out['cases']}): precision {held_out['precision']:.2f}, recall {held_out['recall']:.2f}"]
    missed = [o.name for o in outcomes if o.got != o.expected]
    if missed:
        lines.append(f"  not as expected: {', '.join(missed)}")
    request.config.stash[FIGURES] = {"lines": lines, "figures": figures}


def test_the_threshold_is_the_one_that_moves_no_note_wrongly(corpus, monkeypatch, tmp_path, request):
    """Beside the chosen threshold, the others: lower ones move notes to look-alikes, higher ones miss moves."""
    rows = []
    for threshold in SWEEP:
        monkeypatch.setattr(drift, "THRESHOLD", threshold)
        folder = tmp_path / f"t{threshold}"
        folder.mkdir()
        outcomes, _ = run_corpus(folder)
        figures = precision_recall(outcomes)
        rows.append((threshold, figures))
    chosen = dict(rows)[0.85]
    assert chosen["wrong_placements"] == 0
    # No threshold of the sweep places no note wrongly and makes more of the expected moves.
    assert all(f["wrong_placements"] > 0 or f["right_moves"] <= chosen["right_moves"] for _, f in rows)
    stash = request.config.stash.get(FIGURES, {"lines": []})
    stash["lines"] = stash["lines"] + ["  threshold sweep: " + "; ".join(
        f"{t:.2f}: precision {f['precision']:.2f}, recall {f['recall']:.2f}, {f['wrong_placements']} wrong" for t, f in rows)]
    request.config.stash[FIGURES] = stash
