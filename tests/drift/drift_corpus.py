"""The drift corpus (corpus.yml): each case's edited article, run through the build's own
page annotation, and how its outcome compares with the one expected."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from explainer.anchoring import Found, Quote, anchor
from explainer.build import ExplainerBuild, Settings
from explainer.normalize import normalize
from explainer.page import AnnotatedPage
from explainer.pagetext import PageText
from explainer.htmltokens import tokenize

HERE = Path(__file__).parent
ARTICLE = (HERE / "article.txt").read_text(encoding="utf-8")
CASES = yaml.safe_load((HERE / "corpus.yml").read_text(encoding="utf-8"))
FIGURES = pytest.StashKey[dict]()  # what the corpus test found, for the run's closing summary


@dataclass
class Outcome:
    name: str
    expected: str
    got: str  # exact, drift, orphan, ambiguous, or other
    right_place: bool | None  # for a placed note: is it where the case says
    confidence: float | None = None
    message: str = ""

    @property
    def wrong_placement(self) -> bool:
        placed = self.got in ("exact", "drift")
        return placed and (self.expected not in ("exact", "drift") or not self.right_place)


def edited(case: dict) -> str:
    """The article after the case's edits."""
    text = ARTICLE
    for edit in case.get("edits", []):
        if "replace" in edit:
            assert text.count(edit["replace"]) == 1, (case["name"], edit["replace"])
            text = text.replace(edit["replace"], edit["with"])
        elif "move" in edit:
            blocks = text.split("\n\n")
            moving = _block(blocks, edit["move"])
            block = blocks.pop(moving)
            if edit.get("to_end"):
                blocks.append(block)
            else:
                blocks.insert(_block(blocks, edit["before"]), block)
            text = "\n\n".join(blocks)
        elif "split_after" in edit:
            assert text.count(edit["split_after"]) == 1, case["name"]
            text = text.replace(edit["split_after"] + " ", edit["split_after"] + "\n\n")
        elif "merge" in edit:
            blocks = text.split("\n\n")
            at = _block(blocks, edit["merge"])
            blocks[at - 1:at + 1] = [blocks[at - 1] + " " + blocks[at]]
            text = "\n\n".join(blocks)
        else:
            raise AssertionError(f"{case['name']}: unknown edit {edit}")
    return text


def _block(blocks: list[str], start: str) -> int:
    found = [index for index, block in enumerate(blocks) if block.startswith(start)]
    assert len(found) == 1, start
    return found[0]


def page_html(text: str) -> str:
    title, *paragraphs = text.strip().split("\n\n")
    return f"<h1>{html.escape(title)}</h1>\n" + "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)


def run_corpus(folder: Path) -> tuple[list[Outcome], dict[str, AnnotatedPage]]:
    """Every case as a page of one site, annotated by the build's own code."""
    annotations = folder / "annotations"
    annotations.mkdir()
    for case in CASES:
        note = {"id": "note", "type": "context", "quote": case["quote"], "body": "A note."}
        for field in ("prefix", "suffix"):
            if field in case:
                note[field] = case[field]
        (annotations / f"{case['name']}.yml").write_text(yaml.safe_dump({"annotations": [note]}, allow_unicode=True),
                                                          encoding="utf-8")
    build = ExplainerBuild.load(annotations, "annotations", {f"{case['name']}.md" for case in CASES}, Settings(), folder)
    assert build.problems == [], build.problems
    outcomes, results = [], {}
    for case in CASES:
        markup = page_html(edited(case))
        result = results[case["name"]] = build.annotate(markup, f"{case['name']}.md")
        outcomes.append(_outcome(case, result, PageText(tokenize(markup)).text))
    return outcomes, results


def _outcome(case: dict, result: AnnotatedPage, text: str) -> Outcome:
    message = "; ".join(problem.message for problem in result.problems)
    notes = [note for note in result.notes if note.id == "note"]
    if notes:
        note = notes[0]
        got = "drift" if note.rewrite else "exact"
        expected_text = case.get("passage", case["quote"])
        where = anchor(text, Quote(expected_text, case.get("passage_prefix", case.get("prefix") if case["expect"] == "exact" else None),
                                   case.get("suffix") if case["expect"] == "exact" else None))
        placed_text = note.rewrite.fields.get("quote", case["quote"]) if note.rewrite else case["quote"]
        right = isinstance(where, Found) and where.start == note.start and normalize(placed_text) == normalize(expected_text)
        confidence = note.rewrite.confidence if note.rewrite else None
        return Outcome(case["name"], case["expect"], got, right, confidence, message)
    if result.orphans:
        return Outcome(case["name"], case["expect"], "orphan", None, None, message)
    if "quote matches" in message:
        return Outcome(case["name"], case["expect"], "ambiguous", None, None, message)
    return Outcome(case["name"], case["expect"], "other", None, None, message)


def precision_recall(outcomes: list[Outcome]) -> dict:
    """Moving a note is the decision measured: right when the case expects the move and it lands
    on the expected passage; precision counts wrong moves, recall the moves missed."""
    moved = [o for o in outcomes if o.got == "drift"]
    right = [o for o in moved if o.expected == "drift" and o.right_place]
    expected = [o for o in outcomes if o.expected == "drift"]
    return {
        "cases": len(outcomes),
        "expected_moves": len(expected),
        "moves": len(moved),
        "right_moves": len(right),
        "precision": len(right) / len(moved) if moved else 1.0,
        "recall": len(right) / len(expected) if expected else 1.0,
        "wrong_placements": sum(o.wrong_placement for o in outcomes),
        "agree": sum(o.got == o.expected and o.right_place is not False for o in outcomes),
    }
