"""The data the calculator reads, built from the checked rules: every rule with an action
(its situation, timing, channel, overrides and template), the vocabularies, the messages and the
public holidays. The site writes it to assets/calculator-data.json for plan.js; the CLI hands
the same dict to ``calculator.plan.plan``, so both runtimes compute from identical data."""

from __future__ import annotations

import datetime
import html
import re
from urllib.parse import urlparse

from generator.calculator.plan import LATE_ACTION, MAX_DAYS_AWAY, MESSAGES, THEY_SAID
from generator.calculator.public_holidays import holiday_table
from generator.core import schema
from generator.core.models import DAYS_PER_BUSINESS_DAY, Guide, Rule
from generator.core.wording import CHANNEL_WORDS, fill_references
from generator.site.sitemap import TEMPLATES, page_url, rule_location
from generator.templates.model import FITS, serving

DATA_FILE = "assets/calculator-data.json"
# Short labels for the step vocabulary (common.schema.json $defs.action), as the plan shows them.
ACTION_WORDS = {
    "ask-timeline": "Ask about their timeline",
    "thank-you": "Send your thank-you",
    "follow-up": "Follow up",
    "call": "Call",
    "recruiter-nudge": "Ask your recruiter to check in",
    "competing-offer-note": "Tell them about your other offer",
    "feedback-request": "Ask for feedback",
    "thank-you-anyway": "Thank them anyway",
    "keep-in-touch": "Stay in touch",
    "move-on": "Move on",
}
# The page's answers to "What did they say last?", one per plan.THEY_SAID situation, in its order.
THEY_SAID_WORDS = {
    "nothing": "Nothing yet",
    "will-call": "“We’ll call you”",
    "still-interviewing": "They are still interviewing others",
    "new-date": "They gave a new date",
    "rejected": "I did not get the job",
    "offered": "They offered me the job",
}
# Calendar export: a reminder at 09:00 on the day of each all-day event.
ICS = {"prodid": "-//Follow-Up Guide//Timeline calculator//EN", "alarm": "PT9H"}
WEEKEND = (5, 6)  # Saturday, Sunday (Monday is 0) when no country is chosen


def plain_text(markdown_text: str) -> str:
    """Rule Markdown as plain text, for textContent and calendar files. Imported here, not at the
    top: `generator check` builds this data without texts and loads no Markdown."""
    from generator.site.sanitize import to_html

    return html.unescape(re.sub(r"<[^>]+>", "", to_html(markdown_text, inline=True))).strip()


def vocabulary() -> dict[str, list[str]]:
    defs = schema.common()["$defs"]
    return {
        "actions": list(defs["action"]["enum"]),
        "anchors": list(defs["anchor"]["enum"]),
        "stages": list(defs["facts"]["properties"]["stage"]["anyOf"][0]["enum"]),
    }


def template_for(guide: Guide, rule: Rule):
    """The template for a rule's step: the first (by id) that serves it, preferring one that
    carries the rule's first channel (the step's channel); None while no template serves it."""
    serving_rule = sorted(serving(guide, rule.id), key=lambda t: t.id)
    first = rule.channels[0] if rule.channels else None
    return next((t for t in serving_rule if first in FITS[t.channel]), serving_rule[0] if serving_rule else None)


def rule_entry(rule: Rule, guide: Guide, directory_urls: bool, texts: bool = True) -> dict:
    t = rule.timing
    template = template_for(guide, rule)
    return {
        "action": rule.action,
        "when": {k: list(v) for k, v in rule.when.items()},
        "timing": None
        if t is None
        else {
            "anchor": t.anchor,
            "unit": t.unit,
            "earliest": t.earliest,
            "recommended": t.recommended,
            "latest": t.latest,
        },
        "channels": list(rule.channels),
        "overrides": list(rule.overrides),
        "title": plain_text(fill_references(rule.title, rule, guide.rules)) if texts else rule.id,
        "summary": plain_text(fill_references(rule.summary, rule, guide.rules)) if texts else "",
        "url": "#".join((page_url(rule_location(rule)[0], directory_urls), rule.id)),
        "template": template.id if template else None,
        "template_title": template.title if template else None,
        "template_url": template_url(template, directory_urls) if template else None,
    }


def template_url(template, directory_urls: bool) -> str:
    return page_url(TEMPLATES.src_uri, directory_urls) + f"#template-{template.id}"


def channel_policy(guide: Guide) -> dict:
    """The channel defaults the rules state as data: the deciding facts in rank order, the default
    channel and the most calls (checks.channel_policy_is_whole requires exactly one default)."""
    ruled = sorted((r for r in guide.rules.values() if r.channel_policy), key=lambda r: r.id)
    deciders = sorted((r for r in ruled if r.channel_policy.by), key=lambda r: (r.channel_policy.rank, r.id))
    default = next((r for r in ruled if r.channel_policy.default), None)
    return {
        "deciders": [
            {"rule": r.id, "fact": r.channel_policy.by, "channels": r.channel_policy.channels} for r in deciders
        ],
        "rule": default.id if default else None,
        "default": default.channel_policy.default if default else None,
        "max_calls": default.channel_policy.max_calls if default else None,
    }


def calculator_data(
    guide: Guide,
    countries,
    today: datetime.date,
    directory_urls: bool = True,
    site_url: str | None = None,
    texts: bool = True,
) -> dict:
    """Everything plan.py and plan.js read; ``texts=False`` (for the checks) leaves out the words
    the page shows, which need Markdown."""
    table = holiday_table(countries, today)
    steps = {
        r.id: rule_entry(r, guide, directory_urls, texts)
        for r in sorted(guide.rules.values(), key=lambda r: r.id)
        if r.action
    }
    return {
        "vocab": vocabulary(),
        "rules": steps,
        # The rules each step's template serves: a template that serves two steps' rules is one message.
        "templates": {
            t: sorted(guide.templates[t].serves)
            for t in sorted({e["template"] for e in steps.values() if e["template"]})
        },
        "channel_policy": channel_policy(guide),
        "they_said": list(THEY_SAID),
        "they_said_words": THEY_SAID_WORDS,
        "they_said_facts": THEY_SAID,
        "late_action": LATE_ACTION,
        "default_weekend": list(WEEKEND),
        "holiday_range": {"from": table.start.isoformat(), "to": table.end.isoformat()},
        "countries": [
            {"code": c.code, "name": c.name, "weekend": list(c.weekend), "holidays": [d.isoformat() for d in c.dates]}
            for c in table.countries
        ],
        "max_days_away": MAX_DAYS_AWAY,
        "days_per_business_day": DAYS_PER_BUSINESS_DAY,
        "messages": MESSAGES,
        "words": {"actions": ACTION_WORDS, "channels": CHANNEL_WORDS},
        "ics": dict(ICS, domain=urlparse(site_url).hostname if site_url else None),
    }
