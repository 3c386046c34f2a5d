"""`new-rule`: a rule file with the schema line, every required key and a comment on each."""

from __future__ import annotations

import datetime
from pathlib import Path

from generator.core.errors import RuleError, UsageError, display_path

RULE_TEMPLATE = """\
# yaml-language-server: $schema={schema}
# Rule '{id}' in topic '{topic}'. The file name is the rule id. See docs/reference/rules.md.
title: ""          # a short heading, e.g. "Send a thank-you note the same day"
summary: ""        # the answer in one sentence; readers see it first
# body: Markdown in our own words. Never type a number of days or weeks: write [[recommended]],
# [[window]] or [[other-rule-id:recommended]] and the guide fills in the rule's timing.
body: ""
# when:            # the situation this applies to (facts listed in generator/schemas/common.schema.json)
#   stage: waiting
#   timeline_given: false
# action: follow-up
# timing:          # when to act, counted from the anchor event
#   anchor: interview
#   unit: days     # or business_days
#   earliest: 0
#   recommended: 0
#   latest: 0
# channels: [email]
# do: [""]
# dont: [""]
# related: []
reviewed: "{today}"  # when someone last checked this rule against its sources
evidence:
  - source: ""     # an id from rules/sources.yml
    quote: ""      # at most 30 words, copied exactly from the source
"""


def new_rule(rules_dir: Path, topic: str, rule_id: str) -> Path:
    from generator.core.errors import Collector
    from generator.core.loader import RESERVED_FOLDERS, load_validated, topics_from, valid_id

    for value, what in ((topic, "topic"), (rule_id, "rule id")):
        if not valid_id(value):
            raise UsageError(f"'{value}' is not a valid {what}: use lower-case words joined by hyphens")
    # Only a listed topic: a rule in trees/ or in an unlisted folder would never be shown.
    errors = Collector()
    doc = load_validated(rules_dir / "topics.yml", "topics", errors)
    errors.raise_if_any()
    topics = [t.id for t in topics_from(doc, errors)]
    if topic in RESERVED_FOLDERS or topic not in topics:
        raise UsageError(
            f"'{topic}' is not a topic in {display_path(rules_dir / 'topics.yml')}; "
            f"use one of: {', '.join(topics)} (or add the topic there first)"
        )
    existing = list(rules_dir.glob(f"*/{rule_id}.yml"))
    if existing:
        raise RuleError.one(existing[0], 1, f"rule '{rule_id}' already exists")
    path = rules_dir / topic / f"{rule_id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = Path("../../generator/schemas/rule.schema.json")
    path.write_text(
        RULE_TEMPLATE.format(
            schema=schema.as_posix(), id=rule_id, topic=topic, today=datetime.date.today().isoformat()
        ),
        "utf-8",
    )
    return path
