"""The checks that tie every message template to the rules it serves: placeholders declared and
used, the channel and subject, limits, and text that fills without a stray brace."""

from __future__ import annotations

import re

from generator.core.models import Guide, Rule, compatible
from generator.core.wording import typed_durations
from generator.templates.model import (
    FITS,
    WRITTEN,
    MessageTemplate,
    Slot,
    fill,
    is_style_rule,
    lines,
    measured_body,
    optional_line,
    paragraphs,
    parse,
    sends_a_message,
)


def _placed_texts(t: MessageTemplate):
    """(pointer, text) of every text that may hold placeholders: the message parts and each option."""
    for key, text in t.texts():
        yield (key,), text
    for name, a in t.alternatives.items():
        for i, option in enumerate(a.options):
            yield ("alternatives", name, "options", i), option


def template_placeholders(guide: Guide):
    for t in guide.templates.values():
        used: set[str] = set()
        for pointer, text in _placed_texts(t):
            where = ".".join(str(p) for p in pointer)
            in_option = pointer[0] == "alternatives"
            segments, issues = parse(text)
            for issue in issues:
                yield t.problem(pointer, f"{where}: {issue.message}", text, issue.offset)
            offset = 0
            for seg in segments:
                if isinstance(seg, str):
                    offset += len(seg)
                    continue
                used.add(seg.name)
                at = offset
                offset += len(seg.name) + 2
                if in_option and seg.name in t.alternatives:
                    yield t.problem(
                        pointer, f"{where}: an option cannot contain an alternative ({{{seg.name}}})", text, at
                    )
                elif seg.name not in t.fields and seg.name not in t.alternatives:
                    yield t.problem(
                        pointer,
                        f"{where}: placeholder {{{seg.name}}} is not declared under "
                        f"{'fields' if in_option else 'fields or alternatives'}",
                        text,
                        at,
                    )
        for name in t.fields.keys() & t.alternatives.keys():
            yield t.problem(
                ("alternatives", name), f"alternatives.{name}: '{name}' is also a field; give it another name"
            )
        for group in ("fields", "alternatives"):
            for name in getattr(t, group):
                if name not in used:
                    yield t.problem((group, name), f"{group}.{name}: declared but not used in the message")
        for name, f in t.fields.items():
            if f.required:
                continue
            parts = [(k, t.part(k)) for k, _ in t.texts()] + [
                (a, o) for a in t.alternatives.values() for o in a.options
            ]
            misplaced = [
                k
                for k, text in parts
                for line in lines(text)
                if Slot(name) in line and (k == "subject" or not isinstance(k, str) or optional_line(t, line) != name)
            ]
            if misplaced:
                yield t.problem(
                    ("fields", name),
                    f"fields.{name}: an optional field must stand alone on a line of the "
                    "message (the line is left out while it is empty); move it or make it required",
                )


def template_channel_and_subject(guide: Guide):
    for t in guide.templates.values():
        if t.channel == "email" and t.subject is None:
            yield t.problem(("channel",), "an email template needs a 'subject'")
        if t.channel != "email" and t.subject is not None:
            yield t.problem(
                ("subject",), f"subject: only email templates have a subject, and this one is a {t.channel}"
            )


def template_serves(guide: Guide):
    for t in guide.templates.values():
        served: list[Rule] = []
        for i, rid in enumerate(t.serves):
            rule = guide.rules.get(rid)
            if rule is None:
                yield t.problem(("serves", i), f"serves: no rule with id '{rid}'")
                continue
            if rule.channels and not FITS[t.channel] & set(rule.channels):
                yield t.problem(
                    ("serves", i),
                    f"serves: rule '{rid}' allows {', '.join(rule.channels)}; a {t.channel} "
                    f"template serves rules that allow {' or '.join(sorted(FITS[t.channel]))}",
                )
            for other in served:
                if not compatible(rule, other):
                    yield t.problem(
                        ("serves", i),
                        f"serves: rules '{other.id}' and '{rid}' are for situations "
                        "that cannot both hold (see their 'when'); a template is for one situation",
                    )
            served.append(rule)


def message_rules_have_templates(guide: Guide):
    served = {rid for t in guide.templates.values() for rid in t.serves}
    for rule in guide.rules.values():
        if sends_a_message(rule) and rule.id not in served:
            yield rule.problem(
                ("action",),
                f"rule '{rule.id}' tells the reader to send a message ({rule.action}, by "
                f"{', '.join(rule.channels)}) but no template serves it: add one in "
                f"rules/templates/ with 'serves: [{rule.id}]'",
            )


def template_limits(guide: Guide):
    for t in guide.templates.values():
        if t.channel not in WRITTEN:
            continue
        served = [guide.rules[r] for r in t.serves if r in guide.rules]
        for rule in served:
            for rid in rule.related:
                other = guide.rules.get(rid)
                if other is not None and is_style_rule(other) and rid not in t.serves and compatible(rule, other):
                    yield t.problem(
                        ("serves",),
                        f"serves: '{rule.id}' is related to '{rid}', whose limits apply to "
                        f"this message; add '{rid}' to serves",
                    )
        body = measured_body(t)
        counts = {"max_paragraphs": (len(paragraphs(body)), "paragraphs"), "max_words": (len(body.split()), "words")}
        for rule in served:
            for limit, most in sorted(rule.limits.items()):
                count, noun = counts[limit]
                if count > most:
                    yield t.problem(
                        ("body",),
                        f"body: {count} {noun} (filled with the examples); rule '{rule.id}' allows at most {most}",
                    )


def template_fills_cleanly(guide: Guide):
    for t in guide.templates.values():
        filled = fill(t)
        if not re.search(r"[{}]", (filled.subject or "") + filled.text):
            continue
        for name, f in t.fields.items():
            if "{" in f.example or "}" in f.example:
                yield t.problem(
                    ("fields", name, "example"),
                    f"fields.{name}.example: filled with the examples, the message "
                    "still has a brace; write the example without { or }",
                )


def template_durations(guide: Guide):
    for t in guide.templates.values():
        items = [(("title",), t.title)] + list(_placed_texts(t))
        items += [(("fields", n, part), getattr(f, part)) for n, f in t.fields.items() for part in ("label", "example")]
        for pointer, text in items:
            for offset, words in typed_durations(text):
                where = ".".join(str(p) for p in pointer)
                yield t.problem(
                    pointer,
                    f"{where}: '{words}' is typed into the template; let the reader fill "
                    "in a date with a placeholder such as {check_back_date}, so timing advice "
                    "lives only in the rules",
                    text,
                    offset,
                )
