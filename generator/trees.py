"""Decision trees (rules/trees/<tree-id>.yml): typed models, the walk over every answer path, and
the checks that keep each tree consistent with the rules its outcomes cite.

A path is the sequence of answers from the start question to an outcome. The facts a path sets
(the tree's own ``sets`` plus each chosen answer's ``sets``) must satisfy the ``when:`` of every
rule its outcome cites, so an outcome never gives advice meant for another situation."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from itertools import islice
from typing import Iterator

from .checks import check, prose_problems
from .models import FromFile, Guide, Rule, facts_from
from .yamlload import Document

# A tree whose answers combine into more paths than this is too big to read (and to check).
MAX_PATHS = 2000

Facts = dict  # fact name -> frozenset of the values it may have


@dataclass(frozen=True)
class Option:
    index: int
    label: str
    next: str
    sets: dict[str, tuple]


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    help: str | None
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Outcome:
    id: str
    answer: str
    rules: tuple[str, ...]
    templates: tuple[str, ...]


@dataclass
class Tree(FromFile):
    id: str
    doc: Document
    title: str
    intro: str
    sets: dict[str, tuple]
    start: str
    questions: dict[str, Question]
    outcomes: dict[str, Outcome]

    def node(self, node_id: str) -> Question | Outcome | None:
        return self.questions.get(node_id) or self.outcomes.get(node_id)

    def order(self) -> list[Question | Outcome]:
        """Every node reachable from the start, breadth first: the order a reader meets them."""
        return [self.node(n) for n in _reachable(self)]


@dataclass(frozen=True)
class Step:
    question: Question
    option: Option


@dataclass(frozen=True)
class TreePath:
    steps: tuple[Step, ...]
    outcome: Outcome

    @property
    def answers(self) -> tuple[int, ...]:
        """Option indexes from the start: what the page keeps in its URL (?a=0.2.1)."""
        return tuple(s.option.index for s in self.steps)

    def describe(self) -> str:
        return describe(self.steps)


def describe(steps) -> str:
    """q-stage: "Waiting" > q-date: "No": a path (or its start) as a contributor reads it."""
    return " > ".join(f'{s.question.id}: "{s.option.label}"' for s in steps)


def tree_from(doc: Document) -> Tree:
    d = doc.data
    questions = {
        qid: Question(qid, q["text"], q.get("help"), tuple(
            Option(i, o["label"], o["next"], facts_from(o.get("sets"))) for i, o in enumerate(q["options"])))
        for qid, q in d["questions"].items()}
    outcomes = {oid: Outcome(oid, o["answer"], tuple(o["rules"]), tuple(o.get("templates", ())))
                for oid, o in d["outcomes"].items()}
    return Tree(doc.path.stem, doc, d["title"], d["intro"], facts_from(d.get("sets")), d["start"], questions, outcomes)


# -- walking ------------------------------------------------------------------

def _targets(tree: Tree, question: Question) -> list[str]:
    return [o.next for o in question.options if tree.node(o.next) is not None]


def _reachable(tree: Tree) -> list[str]:
    if tree.node(tree.start) is None:
        return []
    seen, queue = [tree.start], deque([tree.start])
    while queue:
        question = tree.questions.get(queue.popleft())
        for target in _targets(tree, question) if question else ():
            if target not in seen:
                seen.append(target)
                queue.append(target)
    return seen


def _back_edges(tree: Tree) -> Iterator[tuple[Question, Option, list[str]]]:
    """Answers that lead back to a question already on the way here, with the loop they close."""
    done: set[str] = set()
    for root in tree.questions:
        if root in done:
            continue
        trail: list[str] = [root]
        stack = [iter(tree.questions[root].options)]
        while stack:
            option = next(stack[-1], None)
            if option is None:
                done.add(trail.pop())
                stack.pop()
                continue
            if option.next in trail:
                yield tree.questions[trail[-1]], option, trail[trail.index(option.next):] + [option.next]
            elif option.next in tree.questions and option.next not in done:
                trail.append(option.next)
                stack.append(iter(tree.questions[option.next].options))


def sound(tree: Tree) -> bool:
    """The start is a question, every answer leads somewhere, and no answers loop: the shape every
    path walk needs. Trees that are not sound get structural messages only."""
    return (tree.start in tree.questions
            and all(tree.node(o.next) is not None for q in tree.questions.values() for o in q.options)
            and next(_back_edges(tree), None) is None)


def paths(tree: Tree) -> Iterator[TreePath]:
    """Every answer path from the start to an outcome, depth first (answers in option order).
    Only for sound trees."""
    stack: list[tuple[str, tuple[Step, ...]]] = [(tree.start, ())]
    while stack:
        node_id, steps = stack.pop()
        if node_id in tree.outcomes:
            yield TreePath(steps, tree.outcomes[node_id])
            continue
        question = tree.questions[node_id]
        for option in reversed(question.options):
            stack.append((option.next, steps + (Step(question, option),)))


def facts_along(tree: Tree, steps) -> tuple[Facts, list[tuple[Step, str, frozenset]]]:
    """The facts a path establishes, and every answer whose facts contradict earlier ones (with
    the fact and the values set before it). A fact set twice keeps the values both allow."""
    facts: Facts = {k: frozenset(v) for k, v in tree.sets.items()}
    clashes = []
    for step in steps:
        for fact, values in step.option.sets.items():
            new = frozenset(values)
            if fact in facts and not facts[fact] & new:
                clashes.append((step, fact, facts[fact]))
            else:
                facts[fact] = facts[fact] & new if fact in facts else new
    return facts, clashes


def unmet(rule: Rule, facts: Facts) -> str | None:
    """The first fact of the rule's when: the path's facts do not guarantee, or None if all hold.
    A fact the path never sets is not guaranteed: the tree must ask about it or set it."""
    for fact, wanted in rule.when.items():
        if fact not in facts or not facts[fact] <= set(wanted):
            return fact
    return None


def in_scope(rule: Rule, tree: Tree, reach: tuple[set, dict] | None = None) -> bool:
    """True when the tree's questions can tell the rule's situation apart, so an outcome must cite
    it: the rule tells the reader to act (has an action), its when: names at least one fact an
    answer sets, and every fact in its when: can take a value the rule accepts (one the tree's own
    sets allow, or for a fact the tree does not set, one some answer gives). ``reach`` is
    reach(tree), passed in when asking about many rules."""
    if not rule.action or not rule.when:
        return False
    asked, possible = reach or _reach(tree)
    return bool(rule.when.keys() & asked) and all(set(v) & possible.get(f, set()) for f, v in rule.when.items())


def _reach(tree: Tree) -> tuple[set, dict]:
    """The facts the tree's answers set, and every value each fact can take in the tree."""
    asked = {f for q in tree.questions.values() for o in q.options for f in o.sets}
    possible: dict[str, set] = {}
    for q in tree.questions.values():
        for o in q.options:
            for f, values in o.sets.items():
                possible.setdefault(f, set()).update(values)
    possible.update({f: set(v) for f, v in tree.sets.items()})  # answers can only narrow these
    return asked, possible


def facts_text(facts: dict) -> str:
    """stage: waiting; timeline_given: false. Lists read 'a or b'."""
    return "; ".join(f"{k}: {_values(v)}" for k, v in facts.items())


def _values(values) -> str:
    words = sorted(("true" if v else "false") if isinstance(v, bool) else str(v) for v in values)
    return " or ".join(words)


# -- checks ---------------------------------------------------------------------

def _opt(qid: str, option: Option, *rest) -> tuple:
    return ("questions", qid, "options", option.index) + rest


@check
def tree_structure(guide: Guide):
    for tree in guide.trees.values():
        if tree.start in tree.outcomes:
            yield tree.problem(("start",), f"start: '{tree.start}' is an outcome; a tree starts with a question")
        elif tree.start not in tree.questions:
            yield tree.problem(("start",), f"start: no question '{tree.start}' in this tree")
        for oid in tree.outcomes.keys() & tree.questions.keys():
            yield tree.problem(("outcomes", oid), f"outcome '{oid}' has the same id as a question; node ids must be unique")
        for q in tree.questions.values():
            first: dict[str, Option] = {}
            for o in q.options:
                if tree.node(o.next) is None:
                    yield tree.problem(_opt(q.id, o, "next"), f"next: no question or outcome '{o.next}' in this tree")
                key = " ".join(o.label.casefold().split())
                if key in first:
                    yield tree.problem(_opt(q.id, o, "label"), f"label: '{o.label}' is already an answer to question "
                                                           f"'{q.id}' (line {tree.line(*_opt(q.id, first[key], 'label'))})")
                first.setdefault(key, o)


@check
def tree_cycles(guide: Guide):
    for tree in guide.trees.values():
        for question, option, loop in _back_edges(tree):
            yield tree.problem(_opt(question.id, option, "next"),
                     f"next: '{option.next}' leads back to an earlier question ({' > '.join(loop)}); answers must never loop")


@check
def tree_reachability(guide: Guide):
    for tree in guide.trees.values():
        if tree.start not in tree.questions:
            continue  # tree_structure reports the start
        reached = set(_reachable(tree))
        for kind, nodes in (("question", tree.questions), ("outcome", tree.outcomes)):
            for nid in nodes:
                if nid not in reached:
                    yield tree.problem((kind + "s", nid), f"{kind} '{nid}' is never reached from the start question '{tree.start}'")
        ends = set(tree.outcomes)
        while True:
            more = {q.id for q in tree.questions.values() if q.id not in ends and ends & set(_targets(tree, q))}
            if not more:
                break
            ends |= more
        for qid in tree.questions:
            if qid not in ends:
                yield tree.problem(("questions", qid), f"question '{qid}': no sequence of answers from here reaches an outcome")


@check
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
                    yield tree.problem(("outcomes", o.id, "templates", i),
                             f"templates: '{tid}' serves none of the rules this outcome cites")


@check
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
                    earlier = path.steps[:path.steps.index(step)]
                    source = f"holds after {describe(earlier)}" if earlier else "the tree's own sets give"
                    yield tree.problem(where, f"sets.{fact}: {_values(step.option.sets[fact])} contradicts "
                                          f"{fact}: {_values(before)}, which {source}")
            for i, rid in enumerate(path.outcome.rules):
                rule = guide.rules.get(rid)
                fact = unmet(rule, facts) if rule else None
                if fact is None or (path.outcome.id, rid) in reported:
                    continue
                reported.add((path.outcome.id, rid))
                need = f"rules: '{rid}' needs {fact}: {_values(rule.when[fact])}, but "
                yield tree.problem(("outcomes", path.outcome.id, "rules", i),
                         need + (f"the path {path.describe()} never sets {fact}" if fact not in facts
                                 else f"on the path {path.describe()} {fact} is {_values(facts[fact])}"))


@check
def tree_coverage(guide: Guide):
    """Every rule whose situation the tree's questions can tell apart is some outcome's advice."""
    # Many rules share a situation (an action and a when:): decide each situation once a tree.
    by_situation: dict[tuple, list[Rule]] = {}
    for rule in guide.rules.values():
        key = (bool(rule.action), tuple((f, tuple(v)) for f, v in rule.when.items()))
        by_situation.setdefault(key, []).append(rule)
    for tree in guide.trees.values():
        cited = {rid for o in tree.outcomes.values() for rid in o.rules}
        reach = _reach(tree)
        missed = [r for group in by_situation.values() if in_scope(group[0], tree, reach)
                  for r in group if r.id not in cited]
        for rule in sorted(missed, key=lambda r: r.id):
            yield tree.problem(("outcomes",), f"rule '{rule.id}' (action {rule.action}; when {facts_text(rule.when)}) "
                                          "fits a situation this tree's answers set, but no outcome cites it")


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


@check
def tree_prose(guide: Guide):
    for tree in guide.trees.values():
        for pointer, text in prose(tree):
            for offset, message in prose_problems(text, None, guide):
                yield tree.problem(pointer, f"{pointer[-1]}: {message}", text, offset)
