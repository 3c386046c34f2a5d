"""Message templates: words a reader can send, kept as data in rules/templates/<template-id>.yml.

(Called "messages" so they are not confused with the Jinja page templates.) A template's text
names placeholders as {lower_case_name}; each is declared under `fields` (the reader types a
value) or `alternatives` (the reader picks one of several sentences). The checks in ``templates.checks`` tie
every template to the rules it serves; ``fill`` gives the text a reader copies, and the site's preview
(assets/templates.js) must produce exactly the same text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.core.models import FromFile, Guide, Rule
from generator.core.yaml_reader import Document

# Which rule channels each template channel carries out. An email is also how you reach a recruiter;
# a handwritten card is a short letter, so a rule that allows letters allows cards.
FITS = {
    "email": {"email", "recruiter"},
    "letter": {"letter"},
    "card": {"card", "letter"},
    "phone-script": {"phone", "recruiter"},
}
# A rule "tells the reader to send a message" when its action is one of these and it names at least
# one channel a template can carry (every action but moving on is something you say or write).
NON_MESSAGE_ACTIONS = {"move-on"}
TEMPLATE_RULE_CHANNELS = set().union(*FITS.values())
# Limits (max_paragraphs, max_words) are about written messages; a phone script is not sent.
WRITTEN = {"email", "letter", "card"}
TEXT_KEYS = ("subject", "greeting", "body", "sign_off")  # in the order a reader sees them

NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    example: str
    required: bool

    @property
    def empty(self) -> str:
        """How an unfilled field reads in the preview and in copied text."""
        return f"[{self.label}]"


@dataclass(frozen=True)
class Alternative:
    name: str
    label: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Slot:
    name: str


Segment = str | Slot


@dataclass(frozen=True)
class SyntaxIssue:
    offset: int
    message: str


@dataclass
class MessageTemplate(FromFile):
    id: str
    doc: Document
    title: str
    channel: str
    subject: str | None
    greeting: str | None
    body: str
    sign_off: str | None
    fields: dict[str, Field]
    alternatives: dict[str, Alternative]
    serves: tuple[str, ...]

    def texts(self):
        """(key, text) of each part of the message that is present."""
        for key in TEXT_KEYS:
            value = getattr(self, key)
            if value is not None:
                yield key, value

    def part(self, key: str) -> str:
        """One part as the reader gets it: the body's paragraphs each on one line (so the file can
        wrap them freely), the sign-off's lines as written."""
        text = getattr(self, key)
        return unwrap(text) if key == "body" else text.strip()

    @property
    def message(self) -> str:
        """Greeting, body and sign-off as one text, a blank line apart (the subject travels alone)."""
        return "\n\n".join(self.part(k) for k, _ in self.texts() if k != "subject")


@dataclass(frozen=True)
class Filled:
    subject: str | None
    text: str


# -- parsing ---------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)  # the checks and the views parse the same texts several times
def parse(text: str) -> tuple[tuple[Segment, ...], tuple[SyntaxIssue, ...]]:
    """Split text into literal strings and {placeholder} slots; report every malformed brace."""
    segments: list[Segment] = []
    issues: list[SyntaxIssue] = []
    literal = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "{":
            end = next((j for j in range(i + 1, len(text)) if text[j] in "{}"), None)
            if end is None or text[end] == "{":
                issues.append(
                    SyntaxIssue(i, f"'{{' is never closed (at '{_after(text, i)}'); write placeholders as {{name}}")
                )
            elif NAME.fullmatch(text[i + 1 : end]):
                if literal:
                    segments.append("".join(literal))
                    literal = []
                segments.append(Slot(text[i + 1 : end]))
                i = end + 1
                continue
            else:
                issues.append(
                    SyntaxIssue(
                        i,
                        f"'{text[i : end + 1]}' is not a valid placeholder; use lower-case "
                        "letters, digits and underscores, e.g. {interviewer_name}",
                    )
                )
                literal.append(text[i : end + 1])
                i = end + 1
                continue
        elif c == "}":
            issues.append(SyntaxIssue(i, f"stray '}}' with no '{{' before it (at '{_before(text, i)}')"))
        literal.append(c)
        i += 1
    if literal:
        segments.append("".join(literal))
    return tuple(segments), tuple(issues)


def _after(text: str, i: int) -> str:
    """A few characters from ``i`` on, within the line: shows where the problem is."""
    return text[i : i + 12].split("\n")[0]


def _before(text: str, i: int) -> str:
    return text[max(0, i - 11) : i + 1].split("\n")[-1]


def lines(text: str) -> list[list[Segment]]:
    """The text's lines, each a list of segments."""
    out: list[list[Segment]] = [[]]
    for seg in parse(text)[0]:
        if isinstance(seg, Slot):
            out[-1].append(seg)
            continue
        for k, part in enumerate(seg.split("\n")):
            if k:
                out.append([])
            if part:
                out[-1].append(part)
    return out


def optional_line(t: MessageTemplate, line: list[Segment]) -> str | None:
    """The field's name when the line holds nothing but one optional field (left out while empty)."""
    if len(line) == 1 and isinstance(line[0], Slot):
        f = t.fields.get(line[0].name)
        if f is not None and not f.required:
            return f.name
    return None


# -- filling ---------------------------------------------------------------------------------------


def examples(t: MessageTemplate) -> dict[str, str]:
    return {name: f.example for name, f in t.fields.items()}


def fill(t: MessageTemplate, values: dict[str, str] | None = None, choices: dict[str, int] | None = None) -> Filled:
    """The text a reader copies. ``values`` default to the examples; an empty required field reads
    as [label], an empty optional field's line is left out; ``choices`` pick alternatives (default
    the first option)."""
    values = examples(t) if values is None else values
    subject = fill_text(t, t.part("subject"), values, choices) if t.subject is not None else None
    return Filled(subject, fill_text(t, t.message, values, choices))


def fill_text(t: MessageTemplate, text: str, values: dict[str, str], choices: dict[str, int] | None = None) -> str:
    """One part of the message with values and choices put in (see fill)."""
    choices = choices or {}

    def join(segments: list[Segment], nested: bool = False) -> str:
        out = []
        for s in segments:
            if isinstance(s, str):
                out.append(s)
            elif s.name in t.alternatives and not nested:  # an option never opens another alternative
                out.append(join(parse(t.alternatives[s.name].options[choices.get(s.name, 0)])[0], True))
            elif s.name in t.fields:
                out.append(values.get(s.name, "").strip() or t.fields[s.name].empty)
            else:
                out.append("{" + s.name + "}")
        return "".join(out)

    kept = []
    for line in lines(text.strip()):
        name = optional_line(t, line)
        if name is None or values.get(name, "").strip():
            kept.append(join(line))
    return "\n".join(kept)


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n[ \t]*\n", text.strip()) if p.strip()]


def unwrap(text: str) -> str:
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs(text))


def longest_choices(t: MessageTemplate) -> dict[str, int]:
    return {
        name: max(range(len(a.options)), key=lambda i: len(a.options[i].split())) for name, a in t.alternatives.items()
    }


def measured_body(t: MessageTemplate) -> str:
    """The body as limits see it: examples filled in, and the longest of each alternative."""
    return fill_text(t, t.part("body"), examples(t), longest_choices(t))


# -- loading ---------------------------------------------------------------------------------------


def template_from(doc: Document) -> MessageTemplate:
    d = doc.data
    return MessageTemplate(
        id=doc.path.stem,
        doc=doc,
        title=d["title"],
        channel=d["channel"],
        subject=d.get("subject"),
        greeting=d.get("greeting"),
        body=d["body"],
        sign_off=d.get("sign_off"),
        fields={n: Field(n, f["label"], f["example"], f["required"]) for n, f in d.get("fields", {}).items()},
        alternatives={n: Alternative(n, a["label"], tuple(a["options"])) for n, a in d.get("alternatives", {}).items()},
        serves=tuple(d["serves"]),
    )


def serving(guide: Guide, rule_id: str) -> list[MessageTemplate]:
    return [t for t in guide.templates.values() if rule_id in t.serves]


def is_style_rule(rule: Rule) -> bool:
    """A rule about how long a message is (limits, and no step of its own, like keep-follow-up-short).
    Its limits reach the templates of every related rule whose situation it fits; a step's own
    limits (follow-up-after-promised-date's) bind only the templates that serve that step."""
    return bool(rule.limits) and rule.action is None


def sends_a_message(rule: Rule) -> bool:
    return (
        rule.action is not None
        and rule.action not in NON_MESSAGE_ACTIONS
        and bool(TEMPLATE_RULE_CHANNELS & set(rule.channels))
    )
