"""Fact-checks as schema.org ClaimReview objects, the JSON-LD search engines read."""

from __future__ import annotations

from .escape import script_json


def claim_reviews(fact_checks: list, *, page_url: str, page_title: str, site_name: str, site_url: str) -> list[dict]:
    """One ClaimReview per fact-check placed on the page at `page_url` (absolute)."""
    reviews = []
    for note in fact_checks:
        check = note.placed.annotation
        rating = {"@type": "Rating", "alternateName": check.verdict.label}
        if check.verdict.rating is not None:
            rating.update(ratingValue=check.verdict.rating, bestRating=5, worstRating=1)
        reviews.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"{page_url}#{check.id}",
            "claimReviewed": check.claim,
            "author": {"@type": "Organization", "name": site_name, "url": site_url},
            "reviewRating": rating,
            "itemReviewed": {
                "@type": "Claim",
                "appearance": {"@type": "CreativeWork", "url": page_url, "headline": page_title},
            },
        })
    return reviews


def as_script_json(data: list[dict]) -> str:
    """JSON safe to place inside a <script> element (no "</script>" can close it early)."""
    return script_json(data, indent=1)
