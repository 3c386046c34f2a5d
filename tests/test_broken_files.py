"""Each file in tests/broken/ is dropped into a small valid guide; the problems reported must be
exactly those listed for it in tests/broken/EXPECTED.txt, all of them, with file and line."""
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from generator.checks import check_guide
from generator.errors import RuleError
from generator.loader import load_guide

BROKEN = Path(__file__).parent / "broken"


def expected() -> dict[str, list[str]]:
    by_case = defaultdict(list)
    current = None
    for line in (BROKEN / "EXPECTED.txt").read_text("utf-8").splitlines():
        name = line.split(":", 1)[0]
        if (BROKEN / name).exists():
            current = name
        by_case[current].append(line)
    return by_case


EXPECTED = expected()


def test_every_broken_file_has_expectations():
    assert sorted(EXPECTED) == sorted(p.name for p in BROKEN.glob("*.yml"))


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_broken_file_gets_exact_messages(case, rules_copy):
    shutil.copy(BROKEN / case, rules_copy / "timing" / case)
    with pytest.raises(RuleError) as err:
        check_guide(load_guide(rules_copy))
    got = [f"{Path(p.path).name}:{p.line}{f':{p.column}' if p.column else ''}: {p.message}" for p in err.value.problems]
    assert sorted(got) == sorted(EXPECTED[case])


def test_the_base_fixture_is_itself_valid(rules_copy):
    check_guide(load_guide(rules_copy))
