"""Decision trees (rules/trees/<tree-id>.yml): typed models and the walk over every answer path
(the checks are in ``trees.checks``).

A path is the sequence of answers from the start question to an outcome. The facts a path sets
(the tree's own ``sets`` plus each chosen answer's ``sets``) must satisfy the ``when:`` of every
rule its outcome cites, so an outcome never gives advice meant for another situation."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from generator.core.models import FromFile, Rule, facts_from
from generator.core.yaml_reader import Document

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
    next: dict | None = None  # {action, channel} the reader does next, or None for "none"


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
        return [self.node(n) for n in reachable(self)]


@dataclass(frozen=True)
class Answer:
    question: Question
    option: Option


@dataclass(frozen=True)
class TreePath:
    steps: tuple[Answer, ...]
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
        qid: Question(
            qid,
            q["text"],
            q.get("help"),
            tuple(Option(i, o["label"], o["next"], facts_from(o.get("sets"))) for i, o in enumerate(q["options"])),
        )
        for qid, q in d["questions"].items()
    }
    outcomes = {
        oid: Outcome(
            oid,
            o["answer"],
            tuple(o["rules"]),
            tuple(o.get("templates", ())),
            None if o.get("next", "none") == "none" else dict(o["next"]),
        )
        for oid, o in d["outcomes"].items()
    }
    return Tree(doc.path.stem, doc, d["title"], d["intro"], facts_from(d.get("sets")), d["start"], questions, outcomes)


# -- walking ------------------------------------------------------------------


def targets(tree: Tree, question: Question) -> list[str]:
    return [o.next for o in question.options if tree.node(o.next) is not None]


def reachable(tree: Tree) -> list[str]:
    if tree.node(tree.start) is None:
        return []
    seen, queue = [tree.start], deque([tree.start])
    while queue:
        question = tree.questions.get(queue.popleft())
        for target in targets(tree, question) if question else ():
            if target not in seen:
                seen.append(target)
                queue.append(target)
    return seen


def back_edges(tree: Tree) -> Iterator[tuple[Question, Option, list[str]]]:
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
                yield tree.questions[trail[-1]], option, trail[trail.index(option.next) :] + [option.next]
            elif option.next in tree.questions and option.next not in done:
                trail.append(option.next)
                stack.append(iter(tree.questions[option.next].options))


def sound(tree: Tree) -> bool:
    """The start is a question, every answer leads somewhere, and no answers loop: the shape every
    path walk needs. Trees that are not sound get structural messages only."""
    return (
        tree.start in tree.questions
        and all(tree.node(o.next) is not None for q in tree.questions.values() for o in q.options)
        and next(back_edges(tree), None) is None
    )


def paths(tree: Tree) -> Iterator[TreePath]:
    """Every answer path from the start to an outcome, depth first (answers in option order).
    Only for sound trees."""
    stack: list[tuple[str, tuple[Answer, ...]]] = [(tree.start, ())]
    while stack:
        node_id, steps = stack.pop()
        if node_id in tree.outcomes:
            yield TreePath(steps, tree.outcomes[node_id])
            continue
        question = tree.questions[node_id]
        for option in reversed(question.options):
            stack.append((option.next, steps + (Answer(question, option),)))


def facts_along(tree: Tree, steps) -> tuple[Facts, list[tuple[Answer, str, frozenset]]]:
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
    asked, possible = reach or reach_of(tree)
    return bool(rule.when.keys() & asked) and all(set(v) & possible.get(f, set()) for f, v in rule.when.items())


def reach_of(tree: Tree) -> tuple[set, dict]:
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
    return "; ".join(f"{k}: {values_text(v)}" for k, v in facts.items())


def values_text(values) -> str:
    words = sorted(("true" if v else "false") if isinstance(v, bool) else str(v) for v in values)
    return " or ".join(words)
