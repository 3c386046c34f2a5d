"""Files are what they claim: regular files only, size-capped before reading, no links out of the
tree, nothing skipped silently; every problem is one line `path:line: message`, exit status 2."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.core.errors import RuleError
from tests.conftest import ENV, RULES, problems_of, run_generator

RULE = "timing/wait-then-follow-up.yml"
OUTSIDE = "a symbolic link to a file outside rules; copy the file in instead"
ONE_REPLACES = "also overrides this rule; only one of them can replace the other"


def check(rules: Path, *args: str) -> list[str]:
    """`check` in a subprocess that must finish (a FIFO once blocked it forever): its stderr lines."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--rules", str(rules), "check", *args],
        cwd=rules.parent,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if not line.endswith("problems found")]


@pytest.mark.build
def test_a_fifo_rule_file_is_refused_without_blocking(rules_copy):
    os.mkfifo(rules_copy / "timing" / "pipe.yml")
    assert check(rules_copy) == ["rules/timing/pipe.yml:1: is a named pipe (FIFO), not a regular file"]


@pytest.mark.build
def test_a_rule_linked_to_dev_zero_is_refused_without_reading(rules_copy):
    (rules_copy / "timing" / "zero.yml").symlink_to("/dev/zero")
    assert check(rules_copy) == [f"rules/timing/zero.yml:1: {OUTSIDE}"]


@pytest.mark.build
def test_a_source_text_that_is_a_device_is_refused_without_reading(rules_copy):
    (rules_copy / "sources.yml").write_text(
        (rules_copy / "sources.yml").read_text("utf-8").replace("../source-text.txt", "/dev/zero", 1), "utf-8"
    )
    [line] = check(rules_copy)
    assert line.startswith("rules/sources.yml:7: text: '/dev/zero' is a device, not a regular file")


@pytest.mark.build
def test_an_oversized_rule_file_is_refused_before_it_is_read(rules_copy):
    big = rules_copy / "timing" / "big.yml"
    with open(big, "wb") as f:
        f.truncate(50_000_000_000)  # sparse: reading it would take 50 GB of memory
    assert check(rules_copy) == ["rules/timing/big.yml:1: file is larger than 1000 kB"]


@pytest.mark.build
def test_a_symlink_out_of_the_tree_is_refused_and_never_printed(rules_copy, tmp_path_factory):
    secret = tmp_path_factory.mktemp("outside") / "secret.yml"
    secret.write_text("SECRET-TOKEN: do not print me\n", "utf-8")
    (rules_copy / "timing" / "leak.yml").symlink_to(secret)
    assert check(rules_copy) == [f"rules/timing/leak.yml:1: {OUTSIDE}"]


def test_a_symlink_inside_the_tree_is_read(rules_copy):
    from generator.pipeline import check_guide, load_guide

    (rules_copy / "timing" / "same.yml").symlink_to(rules_copy / RULE)
    assert "same" in check_guide(load_guide(rules_copy)).rules


@pytest.mark.build
@pytest.mark.parametrize("links", [{"loop.yml": "loop.yml"}, {"a.yml": "b.yml", "b.yml": "a.yml"}])
def test_a_symlink_loop_under_rules_is_one_error_each(rules_copy, links):
    for name, target in links.items():
        (rules_copy / "timing" / name).symlink_to(target)
    assert check(rules_copy) == [f"rules/timing/{name}:1: a loop of symbolic links" for name in sorted(links)]


@pytest.mark.parametrize(
    "place, message",
    [
        ("timing/shouted.YML", "'.YML' files are not read: rename it shouted.yml"),
        ("timing/long.yaml", "'.yaml' files are not read: rename it long.yml"),
        ("trees/shouted.Yml", "'.Yml' files are not read: rename it shouted.yml"),
        ("loose.yml", "not read: rules live in rules/<topic>/<rule-id>.yml, not directly in rules/"),
        ("timing/notes.txt", "not read: a folder of rules holds only <id>.yml files (and a README.md of notes)"),
        ("timing/deeper/rule.yml", "not a rule file: rules live in rules/<topic>/<rule-id>.yml"),
    ],
)
def test_files_that_would_be_ignored_are_named(rules_copy, place, message):
    path = rules_copy / place
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(rules_copy / RULE, path)
    assert f"{path.name}:1: {message}" in problems_of(rules_copy)


def test_a_readme_among_the_rules_is_fine(rules_copy):
    (rules_copy / "timing" / "README.md").write_text("notes", "utf-8")
    from generator.pipeline import check_guide, load_guide

    check_guide(load_guide(rules_copy))


def test_an_unreadable_topic_folder_says_so(rules_copy, monkeypatch):
    real = os.scandir
    locked = str(rules_copy / "timing")

    def scandir(path="."):
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert problems_of(rules_copy) == ["timing:1: cannot read folder: Permission denied"]


@pytest.mark.parametrize("text, why", [("../no-such-file.txt", "not found"), ("..", "is a folder, not a regular file")])
def test_a_source_text_that_cannot_be_read_is_an_error(rules_copy, text, why):
    sources = rules_copy / "sources.yml"
    sources.write_text(sources.read_text("utf-8").replace("../source-text.txt", text, 1), "utf-8")
    assert problems_of(rules_copy) == [
        f"sources.yml:7: text: '{text}' {why}; the quotes citing this source could not be checked"
    ]


@pytest.mark.parametrize("field", ["earliest: 7", "recommended: 7", "latest: 14"])
def test_a_float_is_not_a_whole_number(rules_copy, field):
    rule = rules_copy / RULE
    rule.write_text(rule.read_text("utf-8").replace(field, field + ".0"), "utf-8")
    key, value = field.split(": ")
    assert f"wait-then-follow-up.yml:8: timing.{key}: must be a whole number, not {value}.0" in problems_of(rules_copy)


@pytest.mark.build
def test_a_5000_digit_number_is_one_error(rules_copy):
    rule = rules_copy / RULE
    rule.write_text(rule.read_text("utf-8").replace("latest: 14}", "latest: " + "9" * 5000 + "}"), "utf-8")
    [line] = check(rules_copy)
    assert line.startswith("rules/timing/wait-then-follow-up.yml:8:") and "a number of 5000 characters" in line


def test_two_rules_overriding_each_other_is_an_error(rules_copy):
    rule = rules_copy / RULE
    text = rule.read_text("utf-8")
    for rid, other in (("wait-then-follow-up", "wait-longer"), ("wait-longer", "wait-then-follow-up")):
        (rules_copy / "timing" / f"{rid}.yml").write_text(text.replace("reviewed:", f"overrides: [{other}]\nreviewed:"))
    problems = problems_of(rules_copy)
    assert f"wait-then-follow-up.yml:9: overrides: rule 'wait-longer' {ONE_REPLACES}" in problems
    assert f"wait-longer.yml:9: overrides: rule 'wait-then-follow-up' {ONE_REPLACES}" in problems


def test_a_loop_of_overrides_is_an_error(rules_copy):
    rule = rules_copy / RULE
    text = rule.read_text("utf-8")
    chain = ["wait-then-follow-up", "wait-b", "wait-c", "wait-then-follow-up"]
    for rid, overrides in zip(chain, chain[1:]):
        (rules_copy / "timing" / f"{rid}.yml").write_text(
            text.replace("reviewed:", f"overrides: [{overrides}]\nreviewed:")
        )
    assert (
        "wait-then-follow-up.yml:9: overrides: rules override each other in a loop "
        "(wait-then-follow-up > wait-b > wait-c > wait-then-follow-up); break it"
    ) in problems_of(rules_copy)


@pytest.mark.parametrize(
    "typed, read",
    [
        ("fourteen days", "fourteen days"),
        ("*two* weeks", "two weeks"),
        ("two&nbsp;weeks", "two weeks"),
        ("two\u00a0weeks", "two weeks"),
        ("two\u00adweeks", "two weeks"),
        ("four\u00adteen days", "fourteen days"),
        ("two&shy;weeks", "two weeks"),
        ("the next day", "the next day"),
        ("tomorrow morning", "tomorrow"),
        ("24h", "24h"),
        ("48 hours", "48 hours"),
        ("a fortnight", "a fortnight"),
        ("twenty-one days", "twenty-one days"),
        ("**3** business days", "3 business days"),
    ],
)
def test_typed_durations_are_caught_however_they_are_spelled(rules_copy, typed, read):
    rule = rules_copy / RULE
    rule.write_text(
        rule.read_text("utf-8").replace("body: Follow up after [[recommended]].", f'body: "Follow up {typed} later."'),
        "utf-8",
    )
    assert problems_of(rules_copy) == [
        f"wait-then-follow-up.yml:4: body: '{read}' is typed into prose; refer to the "
        "timing with [[recommended]], [[window]] or [[rule-id:recommended]] instead"
    ]


@pytest.mark.build
@pytest.mark.parametrize("topic", ["trees", "templates", "no-such-topic"])
def test_new_rule_only_creates_rules_in_listed_topics(rules_copy, topic):
    result = run_generator("--rules", str(rules_copy), "new-rule", topic, "my-rule", cwd=rules_copy.parent)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"python -m generator new-rule: '{topic}' is not a topic in "
        "rules/topics.yml; use one of: timing (or add the topic there first)"
    ]
    assert not list(rules_copy.rglob("my-rule.yml"))


@pytest.mark.build
@pytest.mark.parametrize(
    "args, message",
    [
        (["--country", "\u0131N"], "--country: "),  # a dotless i: not India
        (["--today", "9999-06-01"], "--today: 9999-06-01 is outside the years the calculator can count"),
        (["--today", "0001-01-01"], "--today: 0001-01-01 is outside the years the calculator can count"),
    ],
)
def test_plan_refuses_in_one_line(args, message):
    result = run_generator("plan", "--interview", "2026-03-02", *args)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert message in line


@pytest.mark.build
def test_file_names_are_printed_escaped(rules_copy):
    name = "bad\x1b[31mred\u202e.yml"
    shutil.copy(rules_copy / RULE, rules_copy / "timing" / name)
    lines = check(rules_copy)
    assert any(line.startswith("rules/timing/bad\\x1b[31mred\\u202e.yml:1: file name") for line in lines), lines
    assert not any("\x1b" in line or "\u202e" in line for line in lines)


# A center's paths


@pytest.fixture()
def center(tmp_path) -> Path:
    from generator.center.scaffold import init_center

    init_center(tmp_path / "hill", "Hill")
    return tmp_path / "hill" / "center.yml"


def center_problems(center: Path) -> list[str]:
    from generator.center.model import load_center

    with pytest.raises(RuleError) as err:
        load_center(center)
    return [f"{p.line}: {p.message}" for p in err.value.problems]


def set_key(center: Path, old: str, new: str) -> None:
    text = center.read_text("utf-8")
    assert old in text
    center.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.parametrize(
    "local, why",
    [
        ("/", "is outside the center's folder"),
        (".", "is the center's folder itself"),
        ("logo.svg", "is not a folder"),
        ("../..", "is outside the center's folder"),
    ],
)
def test_a_centers_local_must_be_a_folder_inside_it(center, local, why):
    set_key(center, "local: local ", f"local: {local} ")
    [problem] = center_problems(center)
    assert problem.startswith(f"18: local: '{local}' {why}")


def test_a_centers_logo_that_is_a_symlink_is_refused(center):
    (center.parent / "logo.svg").unlink()
    (center.parent / "logo.svg").symlink_to("/etc/passwd")
    assert center_problems(center) == ["6: logo: 'logo.svg' is a symbolic link; put the file itself next to center.yml"]


def test_a_centers_logo_that_is_a_folder_or_fifo_is_refused(center):
    (center.parent / "logo.svg").unlink()
    (center.parent / "logo.svg").mkdir()
    (center.parent / "favicon.svg").unlink()
    os.mkfifo(center.parent / "favicon.svg")
    not_a_file = "is not a file (a folder, pipe or device); give an image file"
    assert center_problems(center) == [f"6: logo: 'logo.svg' {not_a_file}", f"7: favicon: 'favicon.svg' {not_a_file}"]


def test_errors_caused_by_hiding_say_so(tmp_path):
    from generator.pipeline import edition

    shutil.copytree(RULES.parent / "examples" / "riverside", tmp_path / "center")
    center = tmp_path / "center" / "center.yml"
    text = center.read_text("utf-8")
    start = text.index("  rules: [", text.index("hide:"))
    end = text.index("]", start)
    center.write_text(
        text[:start] + "  rules: [never-invent-a-competing-offer, tell-them-about-a-written-offer" + text[end:], "utf-8"
    )
    with pytest.raises(RuleError) as err:
        edition(RULES, center)
    messages = [p.message for p in err.value.problems]
    assert any(m.startswith("topic 'competing-offers' has no rules") and "because hide.rules in" in m for m in messages)
    assert any(
        m.startswith("templates: 'competing-offer-email' serves none") and "because hide.rules in" in m
        for m in messages
    )
