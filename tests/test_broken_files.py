"""Each file in tests/broken/ is dropped into a small valid guide; the problems reported must be
exactly those listed for it in tests/broken/EXPECTED.txt, all of them, with file and line."""
import shutil
from pathlib import Path

import pytest

from generator.pipeline import check_guide, load_guide

from .conftest import expected_messages, problems_of

BROKEN = Path(__file__).parent / "broken"


EXPECTED = expected_messages(BROKEN)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_broken_file_gets_exact_messages(case, rules_copy):
    shutil.copy(BROKEN / case, rules_copy / "timing" / case)
    assert problems_of(rules_copy) == sorted(EXPECTED[case])


@pytest.mark.parametrize("folder", ["broken", "broken-trees", "broken-templates", "broken-centers"])
def test_every_broken_fixture_has_expectations(folder):
    here = Path(__file__).parent / folder
    assert sorted(expected_messages(here)) == sorted(p.name for p in here.glob("*.yml"))


def test_the_base_fixture_is_itself_valid(rules_copy):
    check_guide(load_guide(rules_copy))
