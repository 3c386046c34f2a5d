"""`make test-fast` leaves out tests marked build, node or browser, so those marks must be right: a
test is marked from the fixtures it uses, and one that starts such a subprocess unmarked fails."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import NODE_NAMES, pytest_collection_modifyitems, run_generator, subprocess_marker


class Item:
    def __init__(self, *fixtures):
        self.fixturenames = list(fixtures)
        self.marks = []

    def add_marker(self, name):
        self.marks.append(name)


@pytest.mark.parametrize(
    "fixtures, marks",
    [
        (("tmp_path",), []),
        (("built_site",), ["build"]),
        (("site_url", "built_site", "tmp_path_factory"), ["build"]),  # pytest lists fixtures' own fixtures too
        (("center_site", "riverside"), ["build"]),
        (("watched", "browser", "site_url", "built_site"), ["browser", "build"]),
        (("reader", "browser", "center_site"), ["browser", "build"]),
    ],
)
def test_tests_are_marked_by_the_fixtures_they_use(fixtures, marks):
    item = Item(*fixtures)
    pytest_collection_modifyitems([item])
    assert item.marks == marks


@pytest.mark.parametrize(
    "argv, marker",
    [
        ([sys.executable, "-m", "generator", "check"], "build"),
        ([sys.executable, "-X", "importtime", "-m", "generator", "check"], "build"),
        ([sys.executable, "-m", "mkdocs", "build", "--strict"], "build"),
        (["/usr/bin/node", "call.mjs"], "node"),
        (["node", "--check", "fug-offline.js"], "node"),
        (["/venv/lib/python3.11/site-packages/playwright/driver/node", "cli.js", "run-driver"], "browser"),
        ([sys.executable, "-c", "import generator.pipeline"], None),
        (["git", "status"], None),
    ],
)
def test_subprocesses_are_told_apart(argv, marker):
    assert subprocess_marker(argv) == marker


def test_an_unmarked_test_starting_a_build_or_node_fails_before_the_process_starts():
    with pytest.raises(pytest.fail.Exception, match=r"mark it @pytest.mark.build"):
        run_generator("check")
    with pytest.raises(pytest.fail.Exception, match=r"mark it @pytest.mark.node"):
        subprocess.run([NODE_NAMES[0], "--version"], capture_output=True)
