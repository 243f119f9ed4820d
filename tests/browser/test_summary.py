"""The summary box at the top of the article: the count of each verdict in a
few lines, and behind a fold every fact-check's claim with its badge, grouped
by verdict from best to worst, each leading to its note."""

from __future__ import annotations

import pytest
from browsing import ARTICLE, LAPTOP, squash
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SCALE = ["accurate", "mostly-accurate", "missing-context", "misleading", "incorrect", "unverified"]
CLAIMS = "details.ae-summary__claims"


def test_each_claim_with_its_badge_by_verdict_behind_a_fold(new_page, site, article):
    page = new_page(viewport=LAPTOP)
    page.goto(ARTICLE)
    checks = {a.id: a for a in article.annotations if a.type == "fact-check"}
    claims = {ident: squash(site.html(ARTICLE).select_one(f'[data-note="{ident}"] .ae-note__claim').get_text()).removeprefix("Claim: ")
              for ident in checks}

    # Folded: the counts show, the claims do not, and the box stays a few lines tall.
    fold = page.locator(CLAIMS)
    expect(fold).not_to_have_attribute("open", "")
    expect(fold.locator("li").first).to_be_hidden()
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.ae-summary__verdicts')).lineHeight)")
    counts = page.locator(".ae-summary__verdicts").bounding_box()["height"] + fold.bounding_box()["height"]
    assert counts <= 10 * line, f"the folded verdicts take {counts:.0f}px, {counts / line:.1f} lines"

    fold.locator("summary").click()
    items = fold.locator("li")
    expect(items).to_have_count(len(checks))
    seen = []
    for index in range(items.count()):
        item = items.nth(index)
        link = item.locator("a")
        ident = link.get_attribute("href").split("#")[-1]
        assert ident in checks, f"the summary links to #{ident}, no fact-check of the article"
        badge = item.locator(".ae-verdict")
        expect(badge).to_be_visible()
        expect(badge).to_have_attribute("data-verdict", checks[ident].verdict)
        expect(link).to_have_text(claims[ident])
        seen.append(SCALE.index(checks[ident].verdict))
    assert seen == sorted(seen), "the claims are not grouped by verdict from best to worst"

    # A claim leads to its note, opened in place beside its passage.
    first = items.first.locator("a")
    ident = first.get_attribute("href").split("#")[-1]
    first.click()
    expect(page.locator(f'#ae--popover[data-for="{ident}"]')).to_be_visible()
    expect(page.locator(f'mark[data-annotation="{ident}"]').first).to_be_in_viewport()
