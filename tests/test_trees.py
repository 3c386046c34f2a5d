"""Decision trees: every path of every tree in rules/trees/ is a walk from the start, the situations
from the sources each tree must reach, the semantics of facts on small trees, and trees in a small
guide. (That each tree passes the checks: test_rules.py; the checks' messages: tests/broken/trees.)"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.core.yaml_reader import load_text
from generator.pipeline import check_guide, load_guide
from generator.trees.model import facts_along, in_scope, paths, sound, tree_from, unmet

from .conftest import BROKEN, real_guide, run_generator, support_guide

TREE_IDS = sorted(real_guide().trees)


# -- the shipped trees ------------------------------------------------------------------------------


def test_the_four_trees_the_sources_call_for_ship():
    assert set(TREE_IDS) >= {
        "how-should-i-contact-them",
        "i-didnt-get-the-job",
        "should-i-follow-up-now",
        "what-goes-in-my-thank-you-note",
    }


@pytest.mark.parametrize("tree_id", TREE_IDS)
def test_every_path_is_the_walk_its_answers_give_and_names_one_url_state(tree_id, guide):
    tree = guide.trees[tree_id]
    assert sound(tree)
    walked = list(paths(tree))
    for path in walked:
        node = tree.start
        for step in path.steps:  # the answers, followed from the start, give this very path
            assert step.question.id == node
            node = step.option.next
        assert node == path.outcome.id
    assert len({p.answers for p in walked}) == len(walked)  # the URL state (?a=) names one path
    on_a_path = {s.question.id for p in walked for s in p.steps} | {p.outcome.id for p in walked}
    assert on_a_path == set(tree.questions) | set(tree.outcomes)  # the pages can show every node


# What the sources discuss for each tree (the list): facts some path must pin down, and
# rules some outcome must give.
SEED_SITUATIONS = {
    "should-i-follow-up-now": (
        {
            "timeline_given": [True, False],
            "promised_date": ["not_reached", "passed"],
            "contacted_recently": [True],
            "told_we_will_call": [True],
            "recruiter": [True],
            "competing_offer": ["written", "unconfirmed"],
            "outcome": ["rejected"],
            "still_interviewing": [True],
        },
        [
            "follow-up-after-promised-date",
            "dont-follow-up-the-moment-the-date-passes",
            "follow-up-when-no-date-given",
            "wait-longer-while-still-interviewing",
            "call-after-the-email-period",
            "call-at-most-once-a-week",
            "move-on-after-we-will-call-you",
            "when-to-move-on",
            "let-your-recruiter-follow-up",
            "tell-them-about-a-written-offer",
            "never-invent-a-competing-offer",
            "thank-them-anyway",
        ],
    ),
    "how-should-i-contact-them": (
        {"contact_so_far": ["email", "phone"], "workplace": ["digital", "phone_heavy", "personal_touch", "unsure"]},
        ["match-the-channel-they-used", "choose-channel-by-workplace", "email-first-then-phone", "avoid-text-messages"],
    ),
    "i-didnt-get-the-job": (
        {"outcome": ["rejected"], "feedback_ready": [True, False]},
        [
            "thank-them-anyway",
            "ask-for-feedback-only-if-ready",
            "how-to-ask-for-feedback",
            "expect-little-feedback",
            "ask-to-stay-in-touch",
        ],
    ),
    "what-goes-in-my-thank-you-note": (
        {"interviewers": ["one", "several"]},
        [
            "thank-each-interviewer-personally",
            "mention-a-highlight",
            "mention-what-you-forgot-carefully",
            "keep-thank-you-brief",
            "send-thank-you-promptly",
        ],
    ),
}


@pytest.mark.parametrize("tree_id", sorted(SEED_SITUATIONS))
def test_every_situation_the_sources_discuss_is_reachable(tree_id, guide):
    tree = guide.trees[tree_id]
    pinned = defaultdict(set)
    for path in paths(tree):
        for fact, values in facts_along(tree, path.steps)[0].items():
            if len(values) == 1:
                pinned[fact] |= values
    facts, rules = SEED_SITUATIONS[tree_id]
    missing = [(f, v) for f, vs in facts.items() for v in vs if v not in pinned[f]]
    assert missing == []
    cited = {r for o in tree.outcomes.values() for r in o.rules}
    assert sorted(set(rules) - cited) == []


# -- semantics on small trees -------------------------------------------------------------------------


def small_tree(sets: str = "", first: str = "{stage: waiting}", second: str = "{stage: after_decision}"):
    text = f"""title: Small
intro: A test tree.
{sets}
start: q
questions:
  q:
    text: Which?
    options:
      - {{label: First, sets: {first}, next: o}}
      - {{label: Second, sets: {second}, next: o}}
outcomes:
  o:
    answer: Done.
    rules: [r]
"""
    return tree_from(load_text(text, Path("small.yml")))


def rule(when: dict, action: str | None = "follow-up"):
    return SimpleNamespace(when={k: tuple(v) for k, v in when.items()}, action=action)


def test_a_fact_known_only_as_one_of_several_values_does_not_satisfy_one_of_them():
    tree = small_tree(first="{stage: [after_interview, waiting]}")
    first = next(paths(tree))
    facts, _ = facts_along(tree, first.steps)
    assert unmet(rule({"stage": ["waiting"]}), facts) == "stage"
    assert unmet(rule({"stage": ["after_interview", "waiting"]}), facts) is None


def test_an_answer_narrows_a_fact_the_tree_sets_and_a_fact_never_set_is_unmet():
    tree = small_tree(sets="sets: {stage: [after_interview, waiting]}", second="{recruiter: true}")
    first, second = paths(tree)
    assert facts_along(tree, first.steps) == ({"stage": frozenset({"waiting"})}, [])
    facts, _ = facts_along(tree, second.steps)
    assert unmet(rule({"stage": ["waiting"]}), facts) == "stage"
    assert unmet(rule({"recruiter": [True], "outcome": ["rejected"]}), facts) == "outcome"


def test_which_rules_a_tree_must_give():
    tree = small_tree(sets="sets: {outcome: pending}")  # answers set stage: waiting or after_decision
    assert in_scope(rule({"stage": ["waiting"]}), tree)
    assert in_scope(rule({"stage": ["waiting"], "outcome": ["pending", "rejected"]}), tree)
    assert not in_scope(rule({"stage": ["waiting"]}, action=None), tree)  # advice without a step
    assert not in_scope(rule({}), tree)  # applies everywhere: not something the questions tell apart
    assert not in_scope(rule({"outcome": ["pending"]}), tree)  # only the tree's own sets decide it
    assert not in_scope(rule({"stage": ["at_interview"]}), tree)  # no answer gives that value
    assert not in_scope(rule({"stage": ["waiting"], "outcome": ["rejected"]}), tree)  # the tree rules it out
    assert not in_scope(rule({"stage": ["waiting"], "recruiter": [True]}), tree)  # never asked


# -- trees in a small guide (the broken cases themselves: tests/broken/trees, test_broken_files.py) ----


@pytest.fixture()
def rules_with_trees(tmp_path) -> Path:
    """The small valid guide plus an always-applicable rule the case trees can cite."""
    rules = support_guide(tmp_path, "trees")
    (rules / "trees").mkdir()
    return rules


def test_a_valid_tree_passes_in_the_small_guide(rules_with_trees):
    broken = (BROKEN / "trees" / "contradicting-outcome" / "contradicting-outcome.yml").read_text("utf-8")
    fixed = broken.replace("Just had the interview", "Still waiting").replace(
        "stage: after_interview", "stage: waiting"
    )
    (rules_with_trees / "trees" / "fixed.yml").write_text(fixed, "utf-8")
    guide = check_guide(load_guide(rules_with_trees))
    assert list(guide.trees) == ["fixed"]


@pytest.mark.build
def test_check_command_reports_tree_problems_with_file_and_line(rules_with_trees):
    (rules_with_trees / "trees" / "cycle.yml").write_bytes((BROKEN / "trees" / "cycle" / "cycle.yml").read_bytes())
    result = run_generator("--rules", str(rules_with_trees), "check", cwd=rules_with_trees.parent)
    assert result.returncode == 2
    assert "rules/trees/cycle.yml:13: next: 'first' leads back to an earlier question" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_outcome_may_only_show_templates_for_its_own_rules(guide):
    import copy
    from dataclasses import replace

    from generator.trees.checks import tree_references

    mutated = copy.copy(guide)
    tree = copy.copy(guide.trees["i-didnt-get-the-job"])
    tree.outcomes = dict(
        tree.outcomes,
        **{
            "thank-and-stay-in-touch": replace(
                tree.outcomes["thank-and-stay-in-touch"], templates=("phone-check-in", "thank-you-anyway")
            )
        },
    )
    mutated.trees = {tree.id: tree}
    assert [p.message for p in tree_references(mutated)] == [
        "templates: 'phone-check-in' serves none of the rules this outcome cites"
    ]


def test_tree_answers_state_the_call_limit_the_channel_policy_sets(guide):
    # "one call" on a tree page is the channel policy's max_calls, so changing the data changes the words
    from dataclasses import replace

    from generator.core.wording import calls_text, fill_references

    policy = next(r for r in guide.rules.values() if r.channel_policy and r.channel_policy.max_calls is not None)
    texts = [o.answer for t in guide.trees.values() for o in t.outcomes.values() if ":max_calls]]" in o.answer]
    assert texts
    twice = replace(policy, channel_policy=replace(policy.channel_policy, max_calls=2))
    changed = dict(guide.rules, **{policy.id: twice})
    for text in texts:
        assert calls_text(policy.channel_policy.max_calls) in fill_references(text, None, guide.rules)
        assert "two calls" in fill_references(text, None, changed)
