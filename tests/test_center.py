"""Career-center editions (the center file's checks and their messages: tests/broken/centers):
the init-center scaffold, and the example center (examples/riverside) built once, offline, and
inspected file by file: branding, contact block, the override in the calculator's data, the hidden
rule gone from pages, search and calculator, the local rule in search and its tree."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from generator.pipeline import edition

from .conftest import RULES, run_generator


@pytest.mark.build
def test_init_center_scaffolds_a_center_that_passes_every_check(tmp_path):
    folder = tmp_path / "hill"
    result = run_generator("init-center", str(folder), "--name", "Hill University Careers")
    assert result.returncode == 0, result.stderr
    guide = edition(RULES, folder / "center.yml")
    assert guide.center.name == "Hill University Careers"
    config = (folder / "mkdocs.yml").read_text()
    assert "INHERIT:" in config and "center: center.yml" in config
    again = run_generator("init-center", str(folder), "--name", "X")
    assert again.returncode == 2 and "already exists" in again.stderr


@pytest.mark.build
def test_a_scaffolded_center_builds_online_and_offline_as_documented(tmp_path):
    folder = tmp_path / "hill"
    assert run_generator("init-center", str(folder), "--name", "Hill University Careers").returncode == 0
    for config, site in (("mkdocs.yml", "site"), ("mkdocs-offline.yml", "site-offline")):
        built = run_generator("build", "-f", str(folder / config), "-d", str(folder / site))
        assert built.returncode == 0, built.stderr
    # The offline copy works from file://: relative .html links, the scripts bundled into one.
    home = (folder / "site-offline" / "index.html").read_text("utf-8")
    assert "calculator.html" in home
    assert (folder / "site-offline" / "assets" / "fug-offline.js").is_file()


# -- the example center, built once (conftest.center_site; offline, so the file:// tests share it) --


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def test_branding_is_on_every_page(center_site, riverside):
    c = riverside.center
    css = (center_site / "assets/center.css").read_text()
    assert f"--md-primary-fg-color: {c.colours['primary']}" in css
    for page in pages(center_site):
        html = page.read_text()
        assert f"<title>{c.name}" in html or f"- {c.name}</title>" in html, page
        assert re.search(r'<img src="[./]*assets/center/logo\.svg"', html), page
        assert re.search(r'<link rel="icon" href="[./]*assets/center/favicon\.svg"', html), page
        assert "assets/center.css" in html, page


def test_contact_block_is_on_every_page_and_in_every_tree_outcome(center_site, riverside):
    c = riverside.center.contact
    for page in pages(center_site):
        html = page.read_text()
        block = html[html.index('<aside class="fug-contact"') :]
        for value in (c.office, c.email, c.hours):
            assert value in block, (page, value)
        assert f'href="{c.booking}"' in block and f'href="mailto:{c.email}"' in block
    for tree in riverside.trees.values():
        html = (center_site / f"trees/{tree.id}.html").read_text()
        assert html.count('class="fug-center-talk"') == len(tree.outcomes), tree.id


def test_override_reaches_the_calculator_and_is_labelled(center_site, riverside):
    c = riverside.center
    data = json.loads((center_site / "assets/calculator-data.json").read_text())
    for rid, override in c.overrides.items():
        for key, value in override.fields.get("timing", {}).items():
            assert data["rules"][rid]["timing"][key] == value, (rid, key)
        rule = riverside.rules[rid]
        html = (center_site / f"topics/{rule.topic}.html").read_text()
        section = html[html.index(f'data-rule="{rid}"') :]
        assert "fug-center-note" in section[: section.index("fug-body")], rid
    assert [x["code"] for x in data["countries"]] == list(c.countries)


def test_hidden_rule_is_gone_everywhere(center_site, riverside):
    c = riverside.center
    data = json.loads((center_site / "assets/calculator-data.json").read_text())
    index = json.loads((center_site / "search/search_index.json").read_text())
    for rid in c.hidden("rules"):
        assert rid not in riverside.rules and rid not in data["rules"]
        assert not [d["location"] for d in index["docs"] if d["location"].endswith(f"#{rid}")]
        assert not any(rid in o.rules for t in riverside.trees.values() for o in t.outcomes.values())
        for page in pages(center_site):
            assert f'id="{rid}"' not in page.read_text() and f'#{rid}"' not in page.read_text(), (page, rid)


def test_local_rules_are_in_search_and_trees(center_site, riverside):
    c = riverside.center
    index = json.loads((center_site / "search/search_index.json").read_text())
    for rid in c.added["rules"]:
        assert [d for d in index["docs"] if d["location"].endswith(f"#{rid}")], rid
        trees = [t for t in riverside.trees.values() if any(rid in o.rules for o in t.outcomes.values())]
        assert trees, f"no tree leads to local rule {rid}"
        assert f'#{rid}"' in (center_site / f"trees/{trees[0].id}.html").read_text()


def test_differences_page_lists_every_difference(center_site, riverside):
    c = riverside.center
    html = (center_site / "differences.html").read_text()
    for rid, override in c.overrides.items():
        assert f'#{rid}"' in html and re.sub(r"\s+", " ", override.reason)[:40] in re.sub(r"\s+", " ", html)
    for rid in c.hidden("rules"):
        assert c.upstream.rules[rid].title in html
    for rid in c.added["rules"]:
        assert f'#{rid}"' in html


@pytest.mark.node
def test_offline_pages_load_no_module_and_nothing_remote(center_site):
    for page in pages(center_site):
        html = page.read_text()
        assert 'type="module"' not in html, page
        fetched = re.findall(r'<(?:script|link)(?![^>]*rel="canonical")[^>]+(?:src|href)="(?:https?:)?//[^"]*', html)
        assert not fetched, (page, fetched)  # a canonical link names the site's address but loads nothing
    node = subprocess.run(
        ["node", "--check", str(center_site / "assets/fug-offline.js")], capture_output=True, text=True
    )
    assert node.returncode == 0, node.stderr


def test_a_link_to_a_hidden_rule_is_plain_text_in_rule_and_tree_prose_alike(riverside):
    from generator.core.checks import prose_problems

    rid = riverside.center.hidden("rules")[0]
    assert list(prose_problems(f"As [we said](#{rid}), wait.", None, riverside)) == []
    assert [m for _, m in prose_problems("As [we said](#no-such-rule), wait.", None, riverside)] == [
        "link to '#no-such-rule' names no existing rule"
    ]
