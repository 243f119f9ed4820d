"""Fact-checks as schema.org ClaimReview objects, the JSON-LD search engines read.

Dates come from the note's record (when it reached the published site, and
when it last changed), never from the clock. Where the article's front
matter names the `original` the claims appear in, it is the claim's
appearance and its publisher the claim's author; otherwise the claim is said
to appear in the annotated page itself.
"""

from __future__ import annotations

from .escape import script_json
from .fields import Source


def claim_reviews(fact_checks: list, *, page_url: str, page_title: str, site_name: str, site_url: str,
                  original: Source | None = None) -> list[dict]:
    """One ClaimReview per fact-check placed on the page at `page_url` (absolute)."""
    return [_claim_review(note, page_url, page_title, site_name, site_url, original) for note in fact_checks]


def _claim_review(note, page_url: str, page_title: str, site_name: str, site_url: str, original: Source | None) -> dict:
    check = note.placed.annotation
    rating = {"@type": "Rating", "alternateName": check.verdict.label}
    if check.verdict.rating is not None:
        rating.update(ratingValue=check.verdict.rating, bestRating=5, worstRating=1)
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{page_url}#{check.id}",
        "claimReviewed": check.claim,
        "author": {"@type": "Organization", "name": site_name, "url": site_url},
        "reviewRating": rating,
        "itemReviewed": _claim(page_url, page_title, original),
    }
    if note.record.added:
        review["datePublished"] = note.record.added.isoformat()
    if note.record.changed:
        review["dateModified"] = note.record.changed.isoformat()
    return review


def _claim(page_url: str, page_title: str, original: Source | None) -> dict:
    if original is None:
        return {"@type": "Claim", "appearance": {"@type": "CreativeWork", "url": page_url, "headline": page_title}}
    appearance = {"@type": "CreativeWork", "url": original.url, "headline": original.title}
    claim = {"@type": "Claim", "appearance": appearance}
    if original.publisher:
        appearance["publisher"] = {"@type": "Organization", "name": original.publisher}
        claim["author"] = {"@type": "Organization", "name": original.publisher}
    if original.date:
        appearance["datePublished"] = claim["datePublished"] = original.date.isoformat()
    return claim


def as_script_json(data: list[dict]) -> str:
    """JSON safe to place inside a <script> element (no "</script>" can close it early)."""
    return script_json(data)
