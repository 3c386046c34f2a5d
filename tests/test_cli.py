"""`python -m generator` as a contributor runs it."""

import subprocess
import sys

import pytest

from generator.core import schema
from generator.pipeline import load_guide

from .conftest import ENV, ROOT, run_generator


@pytest.mark.build
def test_check_passes_on_the_guide():
    result = run_generator("check")
    assert result.returncode == 0, result.stderr
    assert "no problems found" in result.stdout


@pytest.mark.build
def test_check_reports_every_problem_with_file_and_line_and_no_traceback(rules_copy):
    (rules_copy / "timing" / "a-rule.yml").write_text("title: A\nsummary: B.\nbody: C\nflavour: x\n", "utf-8")
    (rules_copy / "timing" / "b-rule.yml").write_text("title: [\n", "utf-8")
    result = run_generator("--rules", str(rules_copy), "check", cwd=rules_copy.parent)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert (
        "rules/timing/a-rule.yml:4: unknown key 'flavour'; allowed keys: action, body, channel_policy, "
        "channels, contested, do, dont, evidence, limits, overrides, related, reviewed, summary, timing, title, "
        "when"
    ) in lines
    assert "rules/timing/a-rule.yml:1: missing required key 'evidence'" in lines
    assert any(line.startswith("rules/timing/b-rule.yml:2:1: YAML syntax error") for line in lines)
    assert lines[-1] == "4 problems found"


@pytest.mark.build
def test_new_rule_scaffold_passes_the_schema_once_filled_in(rules_copy):
    result = run_generator("--rules", str(rules_copy), "new-rule", "timing", "my-new-rule", cwd=rules_copy.parent)
    assert result.returncode == 0, result.stderr
    path = rules_copy / "timing" / "my-new-rule.yml"
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    filled = (
        text.replace('title: ""', "title: Do the thing")
        .replace('summary: ""', "summary: Do it.")
        .replace('body: ""', "body: Do it well.")
        .replace('source: ""', "source: tiny")
        .replace('quote: ""', "quote: Wait about a week before following up.")
    )
    path.write_text(filled, "utf-8")
    guide = load_guide(rules_copy)
    assert "my-new-rule" in guide.rules
    # and it is clean through the whole check, not only the schema
    assert run_generator("--rules", str(rules_copy), "check", cwd=rules_copy.parent).returncode == 0


@pytest.mark.build
def test_new_rule_refuses_an_existing_id(rules_copy):
    result = run_generator(
        "--rules", str(rules_copy), "new-rule", "timing", "wait-then-follow-up", cwd=rules_copy.parent
    )
    assert result.returncode == 2
    assert "already exists" in result.stderr


def test_schemas_are_valid_json_schema():
    from jsonschema import Draft202012Validator

    for kind in ("common", "rule", "sources", "topics"):
        Draft202012Validator.check_schema(schema.validator(kind).schema)


@pytest.mark.build
def test_a_center_checks_from_its_own_folder_against_the_guide_it_came_with():
    result = run_generator("check", "--center", "center.yml", cwd=ROOT / "examples" / "riverside")
    assert result.returncode == 0, result.stderr
    assert "no problems found" in result.stdout


@pytest.mark.build
def test_output_piped_into_a_reader_that_stops_early_is_not_an_error():
    # as in `python -m generator plan ... --json | head -1`: the pipe closes before we write
    child = subprocess.Popen(
        [sys.executable, "-m", "generator", "plan", "--interview", "2026-11-20", "--json"],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    child.stdout.close()
    assert child.wait(timeout=60) == 0
    assert child.stderr.read() == b""


def test_version_comes_from_the_one_place_it_is_written(capsys):
    import tomllib

    from generator.cli import main

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert capsys.readouterr().out.split() == ["python", "-m", "generator", project["version"]]
