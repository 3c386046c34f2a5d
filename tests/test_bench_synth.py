"""The benchmark's synthetic guides stay valid as the real rules change: `make bench` measures a
guide that passes `generator check`, with trees and templates in the real proportion."""
from __future__ import annotations

from bench.synth import copies_for, make_guide
from generator.checks import check_guide
from generator.loader import load_guide

from .conftest import RULES


def test_a_synthetic_guide_passes_the_checks_in_proportion(tmp_path, guide):
    synthetic = check_guide(load_guide(make_guide(tmp_path / "guide", 2 * len(guide.rules)) / "rules"))
    assert copies_for(2 * len(guide.rules)) == 2
    assert (len(synthetic.rules), len(synthetic.trees), len(synthetic.templates)) == \
        (2 * len(guide.rules), 2 * len(guide.trees), 2 * len(guide.templates))
    assert [t.id for t in synthetic.topics] == [t.id for t in load_guide(RULES).topics]
