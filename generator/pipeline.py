"""Load -> check -> the guide: the one way every command, the MkDocs plugin and the tests get a
guide to publish, with or without a career center's edition on top.

Each stage reports every problem it finds before stopping, as ``path:line: message``."""

from __future__ import annotations

from pathlib import Path

from generator.calculator import checks as situation_checks
from generator.center import merge as center_merge
from generator.center.model import load_center
from generator.core import checks as rule_checks
from generator.core.errors import Collector, Problem, RuleError
from generator.core.loader import load_kind, load_rules, load_validated, sources_from, topics_from
from generator.core.models import Contents, Guide
from generator.templates import checks as template_checks
from generator.templates.model import template_from
from generator.trees import checks as tree_checks
from generator.trees.model import tree_from

# Every consistency check, in the order they run. A new check is added here and nowhere else.
CHECKS = (
    # the rules, sources and topics (core/checks.py)
    rule_checks.references,
    rule_checks.quotes,
    rule_checks.timing_windows,
    rule_checks.overlapping_windows,
    rule_checks.rule_prose,
    rule_checks.topics_have_rules,
    rule_checks.reviewed_dates,
    rule_checks.one_sentence_summary,
    rule_checks.agreement_claims,
    rule_checks.timing_extremes,
    # decision trees (trees/checks.py)
    tree_checks.tree_structure,
    tree_checks.tree_cycles,
    tree_checks.tree_reachability,
    tree_checks.tree_references,
    tree_checks.tree_paths,
    tree_checks.tree_coverage,
    tree_checks.tree_prose,
    # message templates (templates/checks.py)
    template_checks.template_placeholders,
    template_checks.template_channel_and_subject,
    template_checks.template_serves,
    template_checks.message_rules_have_templates,
    template_checks.template_limits,
    template_checks.template_fills_cleanly,
    template_checks.template_durations,
    # one situation, one answer: trees, calculator and channel defaults (calculator/checks.py)
    situation_checks.channel_policy_is_whole,
    situation_checks.trees_ask_channel_facts_in_policy_order,
    situation_checks.trees_agree_with_the_calculator,
    situation_checks.plans_keep_their_promises,
)


def load_contents(root: Path, errors: Collector, *, optional_lists: bool = False) -> Contents:
    """Everything under a folder laid out like rules/. A center's local folder may leave out
    sources.yml and topics.yml (``optional_lists``)."""
    docs = {}
    for kind in ("sources", "topics"):
        path = root / f"{kind}.yml"
        docs[kind] = None if optional_lists and not path.exists() else load_validated(path, kind, errors)
    return Contents(
        rules=load_rules(root, errors),
        trees=load_kind(root, "trees", "tree", tree_from, errors),
        templates=load_kind(root, "templates", "template", template_from, errors),
        sources=sources_from(docs["sources"], root, errors) if docs["sources"] else {},
        topics=topics_from(docs["topics"], errors) if docs["topics"] else [],
        sources_doc=docs["sources"],
        topics_doc=docs["topics"],
    )


def load_guide(root: Path) -> Guide:
    """The guide in a rules folder, every file loaded and schema-checked; not yet cross-checked."""
    root = Path(root)
    if not root.is_dir():
        raise RuleError.one(root, 1, "rules folder not found")
    errors = Collector()
    c = load_contents(root, errors)
    errors.raise_if_any()
    return Guide(root, c.topics, c.sources, c.rules, c.sources_doc, c.topics_doc, trees=c.trees, templates=c.templates)


def run_checks(guide: Guide, checks=CHECKS) -> list[Problem]:
    return [problem for check in checks for problem in check(guide)]


def check_guide(guide: Guide) -> Guide:
    problems = run_checks(guide)
    if problems:
        raise RuleError(problems)
    return guide


def edition(rules_dir: Path, center_path: Path) -> Guide:
    """Our guide with the center's changes, checked as a whole; raises RuleError with every problem
    (ours, the center file's and the local folder's) as ``path:line: message``."""
    center = load_center(center_path)
    upstream = load_guide(rules_dir)
    unreadable = Collector()  # local files that fail to load or validate: nothing to check yet
    local = (
        load_contents(center.local, unreadable, optional_lists=True)
        if center.local and center.local.is_dir()
        else Contents()
    )
    unreadable.raise_if_any()
    errors = Collector()
    guide, marks = center_merge.merge(upstream, center, local, errors)
    # The center's own mistakes (unknown ids, clashes) and what they break are reported together.
    problems = errors.problems + [center_merge.relocate(p, marks, center) for p in run_checks(guide)]
    if problems:
        raise RuleError(problems)
    return guide


def publishable_guide(rules_dir: Path, center_path: Path | None = None) -> Guide:
    """The guide ready to publish: ours, checked, or a center's edition of it."""
    return edition(rules_dir, center_path) if center_path else check_guide(load_guide(rules_dir))
