"""Decision trees in the built site, without a browser: one page per tree holding every node as a
linked section (the route without JavaScript), the overview diagram, the nav, links from the home
and topic pages, and a broken tree stopping the build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import BROKEN, mkdocs_build, real_guide, support_guide
from .test_site import MINIMAL_CONFIG, parse

GUIDE = real_guide()
TREE_IDS = sorted(GUIDE.trees)
CYCLE = BROKEN / "trees" / "cycle" / "cycle.yml"


def tree_page(site: Path, tree_id: str) -> tuple[list[tuple[str, dict]], str]:
    html = (site / "trees" / tree_id / "index.html").read_text("utf-8")
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    return parse(site / "trees" / tree_id / "index.html").elements, article


@pytest.mark.parametrize("tree_id", TREE_IDS)
def test_every_node_is_a_section_and_every_answer_a_plain_link(tree_id, built_site):
    tree = GUIDE.trees[tree_id]
    elements, article = tree_page(built_site, tree_id)
    sections = {a["id"]: a for t, a in elements if t == "section" and "fug-tree-node" in a.get("class", "")}
    assert set(sections) == {f"node-{n}" for n in [*tree.questions, *tree.outcomes]}
    assert [i for i, a in sections.items() if "data-start" in a] == [f"node-{tree.start}"]
    answer_links = [a for t, a in elements if t == "a" and "fug-tree-option" in a.get("class", "")]
    assert sorted(a["href"] for a in answer_links) == sorted(
        f"#node-{o.next}" for q in tree.questions.values() for o in q.options
    )
    assert "<script" not in article  # the page's data travels in data-* attributes only


@pytest.mark.parametrize("tree_id", TREE_IDS)
def test_outcomes_show_their_rules_and_sources(tree_id, built_site):
    _, article = tree_page(built_site, tree_id)
    for outcome in GUIDE.trees[tree_id].outcomes.values():
        section = article.split(f'id="node-{outcome.id}"', 1)[1].split("</section>", 1)[0]
        for rule_id in outcome.rules:
            rule = GUIDE.rules[rule_id]
            assert f'href="../../topics/{rule.topic}/#{rule_id}"' in section
            assert section.count("<q>") >= sum(len(GUIDE.rules[r].evidence) for r in outcome.rules)
            if rule.contested:
                assert "Sources differ" in section


@pytest.mark.parametrize("tree_id", TREE_IDS)
def test_the_overview_diagram_links_every_node(tree_id, built_site):
    tree = GUIDE.trees[tree_id]
    _, article = tree_page(built_site, tree_id)
    diagram = article.split('class="fug-tree-diagram"', 1)[1]
    linked = set(re.findall(r'class="fug-tree-d-node" href="#node-([a-z0-9-]+)"', diagram))
    assert linked == set(tree.questions) | set(tree.outcomes)


def test_the_nav_lists_the_trees_under_decision_trees(built_site):
    # navigation.prune renders a section's pages only inside it, so look from a tree page
    html = (built_site / "trees" / TREE_IDS[0] / "index.html").read_text("utf-8")
    nav = html.split("Decision trees", 1)[1].split("</nav>", 1)[0]
    assert set(re.findall(r'href="\.\./([a-z0-9-]+)/"', nav)) | {TREE_IDS[0]} == set(TREE_IDS)


def test_the_home_page_and_topic_pages_link_into_the_trees(built_site):
    home = parse(built_site / "index.html").elements
    assert {a.get("href") for t, a in home if t == "a"} >= {f"trees/{t}/" for t in TREE_IDS}
    for topic in GUIDE.topics:
        citing = {
            t.id
            for t in GUIDE.trees.values()
            for o in t.outcomes.values()
            for r in o.rules
            if GUIDE.rules[r].topic == topic.id
        }
        page = (built_site / "topics" / topic.id / "index.html").read_text("utf-8")
        block = page.split('class="fug-tree-links"', 1)[1].split("</p>", 1)[0] if citing else ""
        assert set(re.findall(r'href="../../trees/([a-z0-9-]+)/"', block)) == citing, topic.id


def test_no_tree_text_is_typed_into_the_script(built_site):
    script = (built_site / "assets" / "trees.js").read_text("utf-8")
    for tree in GUIDE.trees.values():
        texts = [tree.title, *(q.text for q in tree.questions.values()), *(o.answer for o in tree.outcomes.values())]
        for words in texts:
            assert words not in script
    assert not re.search(r"\d+\s*(?:day|week|business)", script)


@pytest.fixture()
def tiny_project(tmp_path) -> Path:
    rules = support_guide(tmp_path, "trees")
    (rules / "trees").mkdir()
    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text(MINIMAL_CONFIG, "utf-8")
    return tmp_path


@pytest.mark.build
def test_a_broken_tree_stops_the_build_with_its_messages(tiny_project):
    (tiny_project / "rules" / "trees" / "cycle.yml").write_bytes(CYCLE.read_bytes())
    result = mkdocs_build(tiny_project / "mkdocs.yml", tiny_project / "site")
    assert result.returncode == 1
    assert "rules/trees/cycle.yml:13: next: 'first' leads back to an earlier question" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.build
def test_a_guide_with_its_own_tree_gets_its_page_and_nav_entry(tiny_project):
    tree = CYCLE.read_text("utf-8").replace("{label: Again, next: first}", "{label: Again, next: done}")
    (tiny_project / "rules" / "trees" / "own-tree.yml").write_text(tree, "utf-8")
    result = mkdocs_build(tiny_project / "mkdocs.yml", tiny_project / "site")
    assert result.returncode == 0, result.stderr
    assert (tiny_project / "site" / "trees" / "own-tree" / "index.html").exists()
    assert 'href="trees/own-tree/"' in (tiny_project / "site" / "index.html").read_text("utf-8")
