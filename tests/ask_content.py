"""GOV.UK-shaped content written for Ask's tests (no third-party text)."""

from __future__ import annotations


def guidance_items() -> list[dict]:
    """GOV.UK-shaped content items written for the tests: a guide in parts (HTML), an answer
    (markdown), a withdrawn item and one of a type Ask does not index."""
    return [
        {
            "title": "Employing a seasonal worker",
            "base_path": "/seasonal-workers",
            "content_id": "c-1",
            "description": "Pay, hours and sick pay for people you take on for a season",
            "document_type": "guide",
            "public_updated_at": "2026-01-05T10:00:00Z",
            "details": {
                "parts": [
                    {
                        "slug": "overview",
                        "title": "Overview",
                        "body": "<p>A seasonal worker helps out at busy times of year.</p>"
                        '<h2 id="contracts">Contracts</h2><p>Give every seasonal worker a '
                        "written statement of their terms on their first day.</p>",
                    },
                    {
                        "slug": "sick-pay",
                        "title": "Sick pay",
                        "body": '<h2 id="who-qualifies">Who qualifies</h2><p>Seasonal workers '
                        "get sick pay if they:</p><ul><li>have been ill for 4 days in a row"
                        "</li><li>earn at least the lower earnings limit</li></ul>"
                        '<h3 id="how-much">How much</h3><p>Sick pay for seasonal workers is '
                        "paid weekly for up to 28 weeks.</p>",
                    },
                ]
            },
        },
        {
            "title": "Fire drills in small shops",
            "base_path": "/shop-fire-drills",
            "content_id": "c-2",
            "description": "How often a small shop must practise leaving in a fire",
            "document_type": "answer",
            "details": {
                "body": "Every shop must practise a fire drill.\n\n## How often to practise\n\n"
                "Hold a fire drill at least once a year and record who took part.\n\n"
                "## Keeping records of drills\n\n  * the date of the drill\n  * how long "
                "leaving took\n\n*[HMRC]: HM Revenue and Customs"
            },
        },
        {
            "title": "An old scheme for bakeries",
            "base_path": "/old-bakery-scheme",
            "content_id": "c-3",
            "document_type": "answer",
            "withdrawn_notice": {"explanation": "Closed"},
            "details": {"body": "Bakeries could claim a flour grant."},
        },
        {
            "title": "Press release about ovens",
            "base_path": "/government/news/ovens",
            "content_id": "c-4",
            "document_type": "press_release",
            "details": {"body": "Ministers visited an oven factory."},
        },
    ]
