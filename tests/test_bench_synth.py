"""The benchmark's synthetic guides stay valid as the real rules change: `make bench` measures a
guide that passes `generator check`, with trees and templates in the real proportion, and times
functions that still exist."""

from __future__ import annotations

from bench.synth import copies_for, make_guide
from generator.pipeline import check_guide, load_guide

from .conftest import real_guide


def test_a_synthetic_guide_passes_the_checks_in_proportion(tmp_path, guide):
    synthetic = check_guide(load_guide(make_guide(tmp_path / "guide", 2 * len(guide.rules)) / "rules"))
    assert copies_for(2 * len(guide.rules)) == 2
    assert (len(synthetic.rules), len(synthetic.trees), len(synthetic.templates)) == (
        2 * len(guide.rules),
        2 * len(guide.trees),
        2 * len(guide.templates),
    )
    assert [t.id for t in synthetic.topics] == [t.id for t in real_guide().topics]


def test_the_build_profile_times_functions_that_exist():
    # make bench wraps these by name to split our time into load, check and render; a rename
    # elsewhere would otherwise only show when someone runs the 20-minute benchmark
    import re

    import generator.pipeline
    import generator.plugin
    import generator.site.output
    from bench.run import PROFILE_BUILD

    modules = {"gc": generator.pipeline, "gp": generator.plugin, "gs": generator.site.output}
    patched = re.findall(r"^(g[cps])\.(\w+) = part\(", PROFILE_BUILD, re.M)
    assert {name for _, name in patched} >= {"load_guide", "check_guide", "render_pages"}
    assert [f"{m}.{n}" for m, n in patched if not callable(getattr(modules[m], n, None))] == []
