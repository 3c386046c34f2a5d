"""The checks that keep each decision tree sound and consistent with the rules its outcomes cite.

A path's facts (the tree's own ``sets`` plus each chosen answer's ``sets``) must satisfy the
``when:`` of every rule its outcome cites, so an outcome never gives advice meant for another
situation."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from generator.core.checks import prose_problems
from generator.core.models import Guide, Rule
from generator.trees.model import (
    MAX_PATHS,
    Option,
    Tree,
    back_edges,
    describe,
    facts_along,
    facts_text,
    in_scope,
    paths,
    reach_of,
    reachable,
    sound,
    targets,
    unmet,
    values_text,
)


def _opt(qid: str, option: Option, *rest) -> tuple:
    return ("questions", qid, "options", option.index) + rest


def tree_structure(guide: Guide):
    for tree in guide.trees.values():
        if tree.start in tree.outcomes:
            yield tree.problem(("start",), f"start: '{tree.start}' is an outcome; a tree starts with a question")
        elif tree.start not in tree.questions:
            yield tree.problem(("start",), f"start: no question '{tree.start}' in this tree")
        for oid in tree.outcomes.keys() & tree.questions.keys():
            yield tree.problem(
                ("outcomes", oid), f"outcome '{oid}' has the same id as a question; node ids must be unique"
            )
        for q in tree.questions.values():
            first: dict[str, Option] = {}
            for o in q.options:
                if tree.node(o.next) is None:
                    yield tree.problem(_opt(q.id, o, "next"), f"next: no question or outcome '{o.next}' in this tree")
                key = " ".join(o.label.casefold().split())
                if key in first:
                    yield tree.problem(
                        _opt(q.id, o, "label"),
                        f"label: '{o.label}' is already an answer to question "
                        f"'{q.id}' (line {tree.line(*_opt(q.id, first[key], 'label'))})",
                    )
                first.setdefault(key, o)


def tree_cycles(guide: Guide):
    for tree in guide.trees.values():
        for question, option, loop in back_edges(tree):
            yield tree.problem(
                _opt(question.id, option, "next"),
                f"next: '{option.next}' leads back to an earlier question ({' > '.join(loop)}); answers must never loop",
            )


def tree_reachability(guide: Guide):
    for tree in guide.trees.values():
        if tree.start not in tree.questions:
            continue  # tree_structure reports the start
        reached = set(reachable(tree))
        for kind, nodes in (("question", tree.questions), ("outcome", tree.outcomes)):
            for nid in nodes:
                if nid not in reached:
                    yield tree.problem(
                        (kind + "s", nid), f"{kind} '{nid}' is never reached from the start question '{tree.start}'"
                    )
        ends = set(tree.outcomes)
        while True:
            more = {q.id for q in tree.questions.values() if q.id not in ends and ends & set(targets(tree, q))}
            if not more:
                break
            ends |= more
        for qid in tree.questions:
            if qid not in ends:
                yield tree.problem(
                    ("questions", qid), f"question '{qid}': no sequence of answers from here reaches an outcome"
                )


def tree_references(guide: Guide):
    for tree in guide.trees.values():
        for o in tree.outcomes.values():
            for i, rid in enumerate(o.rules):
                if rid not in guide.rules:
                    yield tree.problem(("outcomes", o.id, "rules", i), f"rules: no rule with id '{rid}'")
            for i, tid in enumerate(o.templates):
                if tid not in guide.templates:
                    yield tree.problem(("outcomes", o.id, "templates", i), f"templates: no template with id '{tid}'")
                elif not set(guide.templates[tid].serves) & set(o.rules):
                    yield tree.problem(
                        ("outcomes", o.id, "templates", i),
                        f"templates: '{tid}' serves none of the rules this outcome cites",
                    )


def tree_paths(guide: Guide):
    """Facts along every path agree with each other and with the rules the outcome cites."""
    for tree in guide.trees.values():
        if not sound(tree):
            continue
        walked = list(islice(paths(tree), MAX_PATHS + 1))
        if len(walked) > MAX_PATHS:
            yield tree.problem((), f"more than {MAX_PATHS} answer paths; split this tree into smaller ones")
            continue
        reported: set = set()
        for path in walked:
            facts, clashes = facts_along(tree, path.steps)
            for step, fact, before in clashes:
                where = _opt(step.question.id, step.option, "sets", fact)
                if where not in reported:
                    reported.add(where)
                    earlier = path.steps[: path.steps.index(step)]
                    source = f"holds after {describe(earlier)}" if earlier else "the tree's own sets give"
                    yield tree.problem(
                        where,
                        f"sets.{fact}: {values_text(step.option.sets[fact])} contradicts "
                        f"{fact}: {values_text(before)}, which {source}",
                    )
            for i, rid in enumerate(path.outcome.rules):
                rule = guide.rules.get(rid)
                fact = unmet(rule, facts) if rule else None
                if fact is None or (path.outcome.id, rid) in reported:
                    continue
                reported.add((path.outcome.id, rid))
                need = f"rules: '{rid}' needs {fact}: {values_text(rule.when[fact])}, but "
                yield tree.problem(
                    ("outcomes", path.outcome.id, "rules", i),
                    need
                    + (
                        f"the path {path.describe()} never sets {fact}"
                        if fact not in facts
                        else f"on the path {path.describe()} {fact} is {values_text(facts[fact])}"
                    ),
                )


def tree_coverage(guide: Guide):
    """Every rule whose situation the tree's questions can tell apart is some outcome's advice."""
    # Many rules share a situation (an action and a when:): decide each situation once a tree.
    by_situation: dict[tuple, list[Rule]] = {}
    for rule in guide.rules.values():
        key = (bool(rule.action), tuple((f, tuple(v)) for f, v in rule.when.items()))
        by_situation.setdefault(key, []).append(rule)
    for tree in guide.trees.values():
        cited = {rid for o in tree.outcomes.values() for rid in o.rules}
        reach = reach_of(tree)
        missed = [
            r for group in by_situation.values() if in_scope(group[0], tree, reach) for r in group if r.id not in cited
        ]
        for rule in sorted(missed, key=lambda r: r.id):
            yield tree.problem(
                ("outcomes",),
                f"rule '{rule.id}' (action {rule.action}; when {facts_text(rule.when)}) "
                "fits a situation this tree's answers set, but no outcome cites it",
            )


def prose(tree: Tree) -> Iterator[tuple[tuple, str]]:
    """(pointer, text) for every piece of the tree's own prose."""
    yield ("title",), tree.title
    yield ("intro",), tree.intro
    for q in tree.questions.values():
        yield ("questions", q.id, "text"), q.text
        if q.help:
            yield ("questions", q.id, "help"), q.help
        for o in q.options:
            yield _opt(q.id, o, "label"), o.label
    for o in tree.outcomes.values():
        yield ("outcomes", o.id, "answer"), o.answer


def tree_prose(guide: Guide):
    for tree in guide.trees.values():
        for pointer, text in prose(tree):
            for offset, message in prose_problems(text, None, guide):
                yield tree.problem(pointer, f"{pointer[-1]}: {message}", text, offset)
