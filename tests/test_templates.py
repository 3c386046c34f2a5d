"""Message templates: the placeholder syntax and fill(), the templates the sources call for, every
shipped template filled, which rules tell the reader to send a message, and templates in a small
guide. (That each template passes the checks: test_rules.py; the checks' messages:
tests/broken/templates.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.core.yaml_reader import load_text
from generator.templates import model as messages
from generator.templates.model import Slot, fill, parse, sends_a_message, template_from

from .conftest import problems_of, real_guide, support_guide

GUIDE = real_guide()
TEMPLATE_IDS = sorted(GUIDE.templates)
MESSAGE_RULES = sorted(r.id for r in GUIDE.rules.values() if sends_a_message(r))


def small(text: str):
    return template_from(load_text(text, Path("t.yml")))


# -- syntax and filling ------------------------------------------------------------------------------


def test_placeholders_split_the_text():
    assert parse("Dear {interviewer_name}, see {a1}.") == (
        ("Dear ", Slot("interviewer_name"), ", see ", Slot("a1"), "."),
        (),
    )


@pytest.mark.parametrize(
    "text, offsets, start",
    [
        ("Dear {Name}", [5], "'{Name}' is not a valid placeholder"),
        ("Dear { name }", [5], "'{ name }' is not a valid placeholder"),
        ("Dear {}", [5], "'{}' is not a valid placeholder"),
        ("Dear {job-title}", [5], "'{job-title}' is not a valid placeholder"),
        ("Dear {name", [5], "'{' is never closed (at '{name')"),
        ("Dear name}", [9], "stray '}' with no '{' before it (at 'Dear name}')"),
        ("Dear {{name}}", [5, 12], "'{' is never closed"),
    ],
)
def test_malformed_braces_are_reported_where_they_are(text, offsets, start):
    segments, issues = parse(text)
    assert [i.offset for i in issues] == offsets
    assert issues[0].message.startswith(start)
    assert "".join(s if isinstance(s, str) else "{" + s.name + "}" for s in segments) == text


@given(st.text(alphabet="ab_{} \n", max_size=30))
def test_parsing_loses_no_character(text):
    segments, _ = parse(text)
    assert "".join(s if isinstance(s, str) else "{" + s.name + "}" for s in segments) == text


@given(st.text().filter(lambda s: "{" not in s and "}" not in s))
def test_text_without_braces_is_one_literal(text):
    assert parse(text) == ((text,) if text else (), ())


NOTE = """\
title: Note
channel: email
serves: [x]
subject: About {job}
greeting: Dear {name},
body: |
  I am keen on the {job}
  role. {ending}

  Second paragraph.
sign_off: |
  Best,
  {me}
  {phone}
fields:
  name: {label: Their name, example: Ms Rivera, required: true}
  job: {label: Job, example: Clerk, required: true}
  me: {label: Your name, example: Sam, required: true}
  phone: {label: Phone, example: "555", required: false}
  when: {label: When, example: Friday, required: true}
alternatives:
  ending:
    label: Ending
    options: [Thanks., "I will call on {when}."]
"""


def test_fill_uses_examples_unwraps_paragraphs_and_keeps_sign_off_lines():
    f = fill(small(NOTE))
    assert f.subject == "About Clerk"
    assert f.text == "Dear Ms Rivera,\n\nI am keen on the Clerk role. Thanks.\n\nSecond paragraph.\n\nBest,\nSam\n555"


def test_empty_fields_read_as_labels_and_an_empty_optional_line_is_left_out():
    f = fill(small(NOTE), {"job": "  "}, {"ending": 1})
    assert f.subject == "About [Job]"
    assert f.text == (
        "Dear [Their name],\n\nI am keen on the [Job] role. I will call on [When].\n\n"
        "Second paragraph.\n\nBest,\n[Your name]"
    )


def test_the_longest_option_is_measured_against_limits():
    assert (
        messages.measured_body(small(NOTE))
        == "I am keen on the Clerk role. I will call on Friday.\n\nSecond paragraph."
    )


# -- the shipped templates ---------------------------------------------------------------------------

# The templates the issue asks for: (channel, a rule the template must serve).
ISSUE_LIST = {
    "thank-you email to one interviewer": ("email", "send-thank-you-promptly"),
    "thank-you notes to each member of a panel": ("email", "thank-each-interviewer-personally"),
    "handwritten thank-you card": ("card", "always-send-a-thank-you"),
    "second chance to make your case letter": ("letter", "thank-you-as-a-second-chance-to-sell"),
    "asking for the timeline you didn't ask for": ("email", "ask-for-the-timeline-by-email"),
    "follow-up after the promised date": ("email", "follow-up-after-promised-date"),
    "follow-up when no date was given": ("email", "follow-up-when-no-date-given"),
    "phone check-in script": ("phone-script", "call-after-the-email-period"),
    "asking your recruiter to follow up": ("email", "let-your-recruiter-follow-up"),
    "competing written offer": ("email", "tell-them-about-a-written-offer"),
    "thank-you anyway, asking to stay in touch": ("email", "thank-them-anyway"),
    "feedback request after a rejection": ("email", "how-to-ask-for-feedback"),
}


@pytest.mark.parametrize("what", sorted(ISSUE_LIST))
def test_every_template_the_issue_lists_ships(what):
    channel, rule_id = ISSUE_LIST[what]
    assert [t.id for t in messages.serving(GUIDE, rule_id) if t.channel == channel], what


@pytest.mark.parametrize(
    "rule_ids",
    [
        ("ask-for-your-interviewer-and-call-back", "ask-if-a-decision-was-made", "call-at-most-once-a-week"),
        ("thank-them-anyway", "ask-to-stay-in-touch"),
    ],
)
def test_one_template_carries_out_all_of(rule_ids):
    """The phone script asks for the interviewer, calls back, asks about the decision and when to
    call again; the rejection note thanks them and asks to stay in touch."""
    assert [t.id for t in GUIDE.templates.values() if set(rule_ids) <= set(t.serves)]


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_every_field_reaches_the_text_and_none_is_left_unfilled(template_id, guide):
    t = guide.templates[template_id]
    filled = fill(t)
    assert "[" not in filled.text  # every field has an example, so no [label] is left (braces: a check)
    for name in t.fields:
        # the option that uses the field, if it lives in an alternative
        choices = {a.name: i for a in t.alternatives.values() for i, o in enumerate(a.options) if "{" + name + "}" in o}
        values = dict(messages.examples(t), **{name: "SENTINEL-VALUE"})
        out = fill(t, values, choices)
        assert "SENTINEL-VALUE" in (out.subject or "") + out.text, name


def test_the_follow_up_templates_are_held_to_the_sources_limit(guide):
    # The pro-tips article's "less than three paragraphs" is about follow-up notes; no source gives
    # the thank-you note a number, so keep-thank-you-brief has no limit.
    limited = {rid for t in guide.templates.values() for rid in t.serves if guide.rules[rid].limits}
    assert "keep-follow-up-short" in limited and "keep-thank-you-brief" not in limited


# -- rules that tell the reader to send a message -----------------------------------------------------


def test_message_rules_are_the_written_or_spoken_steps():
    assert {
        "send-thank-you-promptly",
        "follow-up-after-promised-date",
        "call-after-the-email-period",
        "let-your-recruiter-follow-up",
        "how-to-ask-for-feedback",
    } <= set(MESSAGE_RULES)
    # asked in person at the interview, and moving on, are not messages
    assert not {"ask-for-the-timeline", "when-to-move-on", "move-on-after-we-will-call-you"} & set(MESSAGE_RULES)


# -- templates in a small guide (the broken cases themselves: tests/broken/templates, test_broken_files.py)


@pytest.fixture()
def templates_copy(tmp_path) -> Path:
    """The small valid guide, plus rules with channels and limits and one valid template."""
    return support_guide(tmp_path, "templates")


def test_a_message_rule_without_a_template_is_reported(templates_copy):
    (templates_copy / "templates" / "short-note.yml").unlink()
    assert problems_of(templates_copy) == [
        "write-a-short-note.yml:7: rule 'write-a-short-note' tells the reader to send a message (follow-up, by "
        "email) but no template serves it: add one in rules/templates/ with 'serves: [write-a-short-note]'"
    ]


def test_a_stray_file_in_the_templates_folder_is_reported(templates_copy):
    (templates_copy / "templates" / "notes").mkdir()
    (templates_copy / "templates" / "notes" / "deep.yml").write_text("title: x\n", "utf-8")
    (templates_copy / "templates" / "other.yaml").write_text("title: x\n", "utf-8")
    assert problems_of(templates_copy) == [
        "deep.yml:1: not a template file: templates live in rules/templates/<template-id>.yml",
        "other.yaml:1: not a template file: templates live in rules/templates/<template-id>.yml",
    ]
