"""No command can destroy a project: `build -d` refuses what it would replace, init-center never
overwrites, interrupts leave nothing behind, and every failure is one line with exit status 2."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import ENV, ROOT, run_generator
from tests.test_site import MINIMAL_CONFIG

# Every test here runs `python -m generator` in a subprocess.
pytestmark = pytest.mark.build


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<dir>" for p in sorted(folder.rglob("*"))}


@pytest.fixture()
def tiny_project(rules_copy) -> Path:
    project = rules_copy.parent
    (project / "content").mkdir()
    (project / "content" / "about.md").write_text("# About\n", "utf-8")
    (project / "mkdocs.yml").write_text(MINIMAL_CONFIG, "utf-8")
    (project / "README.md").write_text("read me\n", "utf-8")
    return project


def one_line_exit_2(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    "target",
    [
        ".",
        "..",
        "rules",
        "rules/timing",
        "content",
        "mkdocs.yml",
        "README.md",
        "content/site",
        "rules/site",
        "unrelated",
    ],
)
def test_build_refuses_a_target_that_would_replace_part_of_the_project(tiny_project, target):
    (tiny_project / "unrelated").mkdir()
    (tiny_project / "unrelated" / "notes.txt").write_text("mine", "utf-8")
    before = snapshot(tiny_project)
    result = run_generator("build", "-f", "mkdocs.yml", "-d", target, cwd=tiny_project)
    line = one_line_exit_2(result)
    assert line.startswith(f"python -m generator build: -d {target}")
    assert snapshot(tiny_project) == before
    assert not [p for p in tiny_project.parent.rglob(".*") if p.name.startswith((".site-", f".{Path(target).name}-"))]


def test_build_refuses_the_projects_folders_when_run_from_elsewhere(tiny_project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    before = snapshot(tiny_project)
    for target in (tiny_project, tiny_project / "rules", tiny_project / "content", tiny_project / "mkdocs.yml"):
        result = run_generator("build", "-f", str(tiny_project / "mkdocs.yml"), "-d", str(target), cwd=elsewhere)
        assert "would replace" in one_line_exit_2(result)
    assert snapshot(tiny_project) == before


def test_build_refuses_a_symlink_target(tiny_project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (tiny_project / "site").symlink_to(elsewhere)
    result = run_generator("build", "-f", "mkdocs.yml", "-d", "site", cwd=tiny_project)
    assert "symbolic link" in one_line_exit_2(result)


def test_a_built_site_is_marked_and_readable_by_a_web_server(tiny_project):
    result = run_generator("build", "-f", "mkdocs.yml", "-d", "site", cwd=tiny_project)
    assert result.returncode == 0, result.stderr
    site = tiny_project / "site"
    assert (site / ".follow-up-guide-site").is_file()
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [site, *site.rglob("*")] if p.is_dir()}
    assert modes == {0o755}
    assert {stat.S_IMODE(p.stat().st_mode) for p in site.rglob("*") if p.is_file()} == {0o644}
    again = run_generator("build", "-f", "mkdocs.yml", "-d", "site", cwd=tiny_project)  # our own site: replaced
    assert again.returncode == 0, again.stderr


def _children_holding(text: str) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and text in (proc / "cmdline").read_bytes().decode(errors="replace"):
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids


@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_build_leaves_no_folder_no_process_and_one_line(tiny_project, signum, status):
    build = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "-f", "mkdocs.yml", "-d", "site"],
        cwd=tiny_project,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not [p for p in tiny_project.iterdir() if p.name.startswith(".site-")]:
        assert build.poll() is None and time.monotonic() < deadline, "the build never started"
        time.sleep(0.05)
    tmp = next(p for p in tiny_project.iterdir() if p.name.startswith(".site-"))
    time.sleep(0.3)  # mkdocs is running
    build.send_signal(signum)
    _, err = build.communicate(timeout=60)
    assert build.returncode == status, err
    assert "Traceback" not in err
    assert err.splitlines()[-1] == f"python -m generator: interrupted ({signal.Signals(signum).name})"
    assert not tmp.exists() and not (tiny_project / "site").exists()
    assert _children_holding(str(tmp)) == []


# init-center


def test_init_center_refuses_every_file_it_would_overwrite_before_writing_any(tmp_path):
    folder = tmp_path / "hill"
    folder.mkdir()
    (folder / "logo.svg").write_text("<svg>our real logo</svg>", "utf-8")
    (folder / "local").mkdir()
    (folder / "local" / "README.md").write_text("our notes", "utf-8")
    result = run_generator("init-center", str(folder), "--name", "Hill")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{folder / 'logo.svg'}:1: already exists" in result.stderr
    assert f"{folder / 'local' / 'README.md'}:1: already exists" in result.stderr
    assert sorted(p.name for p in folder.rglob("*")) == ["README.md", "local", "logo.svg"]
    assert (folder / "logo.svg").read_text("utf-8") == "<svg>our real logo</svg>"


@pytest.mark.parametrize(
    "name", ["Hill\nextra_javascript: [https://evil.example/x.js]", "Hill\x1b[31m", "Hill\rX", "Hill\u2028X", "   "]
)
def test_init_center_refuses_a_name_with_control_characters_or_newlines(tmp_path, name):
    result = run_generator("init-center", str(tmp_path / "hill"), "--name", name)
    assert "--name" in one_line_exit_2(result)
    assert not (tmp_path / "hill").exists()


@pytest.mark.parametrize("name", ['O\'Brien "Careers" # 1: {x}', "- [a]", "&anchor *alias !tag", "Ünï €"])
def test_init_center_writes_any_printable_name_as_yaml_data(tmp_path, name):
    folder = tmp_path / "hill"
    result = run_generator("init-center", str(folder), "--name", name)
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load((folder / "center.yml").read_text("utf-8"))["name"] == name
    config = yaml.safe_load((folder / "mkdocs.yml").read_text("utf-8").replace("INHERIT", "inherit"))
    assert set(config) == {"inherit", "site_url", "docs_dir", "theme", "plugins", "markdown_extensions"}


def test_init_center_at_a_file_is_one_line(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x", "utf-8")
    assert "not a folder" in one_line_exit_2(run_generator("init-center", str(target), "--name", "Hill"))
    assert target.read_text("utf-8") == "x"


def test_init_center_under_a_file_is_one_line(tmp_path):
    (tmp_path / "a-file").write_text("x", "utf-8")
    line = one_line_exit_2(run_generator("init-center", str(tmp_path / "a-file" / "hill"), "--name", "Hill"))
    assert "cannot write" in line and "Not a directory" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_init_center_in_an_unwritable_folder_is_one_line(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        line = one_line_exit_2(run_generator("init-center", str(locked / "hill"), "--name", "Hill"))
        assert "cannot write" in line
    finally:
        locked.chmod(0o700)


# The command line


@pytest.mark.parametrize("args", [["no-such-command"], ["build", "--no-such-option"], ["new-rule", "timing"], []])
def test_a_bad_argument_is_one_line_with_exit_2(args):
    line = one_line_exit_2(run_generator(*args))
    assert line.startswith("python -m generator")


def test_check_failure_exits_2(rules_copy):
    (rules_copy / "timing" / "b-rule.yml").write_text("title: [\n", "utf-8")
    result = run_generator("--rules", str(rules_copy), "check", cwd=rules_copy.parent)
    assert one_line_exit_2(result).startswith("rules/timing/b-rule.yml:2:1: YAML syntax error")


def test_make_check_passes_the_center():
    dry = subprocess.run(["make", "-n", "check", "CENTER=examples/riverside"], cwd=ROOT, capture_output=True, text=True)
    assert "check --center examples/riverside/center.yml" in dry.stdout
