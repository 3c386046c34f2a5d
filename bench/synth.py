"""Synthetic guides for benchmarks: whole copies of the real guide (rules spread over the real
topics, decision trees and message templates in the same proportion), every id renamed
consistently, so a synthetic guide passes `python -m generator check` like the real one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from generator.core.loader import rule_files
from generator.core.yaml_reader import load_file
from generator.pipeline import load_guide
from generator.trees.model import in_scope

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_LINE = "# yaml-language-server: $schema=../../generator/schemas/{}.schema.json\n"


def _rename(text: str, ids: set[str], n: int) -> str:
    # The call limit is stated once, by the first copy (make_guide): its references point there.
    text = re.sub(
        r"\[\[([a-z0-9-]+):([a-z_]+)\]\]",
        lambda m: f"[[{m.group(1)}-{0 if m.group(2) == 'max_calls' else n}:{m.group(2)}]]"
        if m.group(1) in ids
        else m.group(0),
        text,
    )
    return re.sub(r"\(#([a-z0-9-]+)\)", lambda m: f"(#{m.group(1)}-{n})" if m.group(1) in ids else m.group(0), text)


def _walk(value, fn):
    if isinstance(value, dict):
        return {k: _walk(v, fn) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, fn) for v in value]
    return fn(value) if isinstance(value, str) else value


def _write(path: Path, kind: str, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SCHEMA_LINE.format(kind) + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def copies_for(count: int) -> int:
    """Whole copies of the real guide that give at least ``count`` rules."""
    return max(1, -(-count // len(rule_files(ROOT / "rules"))))


def make_guide(dest: Path, count: int) -> Path:
    """Write a project (mkdocs.yml, content/, rules/) with copies_for(count) copies of the real
    rules, trees and templates into dest; return it.

    Copies of one rule share its situation, and the checker requires every tree to cite every rule
    with an action whose situation its answers reach; with 100 copies every tree would cite 100
    copies of each (tree pages growing with the square of the size). So later copies of the rules
    the trees reach (14 of the 50 real ones) carry no `action` (nor `limits`), and each copy of a tree cites its
    own copy of the rules plus, for those, the first copy's: one more citation, not one per copy."""
    if dest.exists():
        shutil.rmtree(dest)
    rules_dest = dest / "rules"
    rules_dest.mkdir(parents=True)
    src = ROOT / "rules"
    for name in ("topics.yml", "sources.yml"):
        text = (src / name).read_text("utf-8")
        (rules_dest / name).write_text(text.replace("../../shared/", str(ROOT.parent / "shared") + "/"), "utf-8")
    real = load_guide(src)
    originals = [(topic, load_file(path)) for topic, path in rule_files(src)]
    ids = {doc.path.stem for _, doc in originals}
    reached = {r.id for r in real.rules.values() for t in real.trees.values() if in_scope(r, t)}
    copies = copies_for(count)
    for copy in range(copies):

        def renamed(data: dict, copy: int = copy) -> dict:
            return _walk(data, lambda s: _rename(s, ids, copy))

        for topic, doc in originals:
            data = renamed(doc.data)
            if "related" in data:
                data["related"] = [f"{r}-{copy}" for r in data["related"]]
            if "overrides" in data:
                # every copy shares the same situations, so an override must name all copies
                data["overrides"] = [f"{r}-{m}" for r in data["overrides"] for m in range(copies)]
            if copy and doc.path.stem in reached:
                data.pop("action", None)
                data.pop("limits", None)  # limits without an action would bind related rules' templates
            if copy and data.pop("channel_policy", None):  # the guide states its channel defaults once
                first = f"[[{doc.path.stem}-0:max_calls]]"
                data = _walk(data, lambda t, first=first: t.replace("[[max_calls]]", first))
            _write(rules_dest / topic / f"{doc.path.stem}-{copy}.yml", "rule", data)
        for tree in real.trees.values():
            data = renamed(tree.doc.data)
            for outcome in data["outcomes"].values():
                cited = outcome["rules"]
                outcome["rules"] = [f"{r}-{copy}" for r in cited] + (
                    [f"{r}-0" for r in cited if r in reached] if copy else []
                )
                if "templates" in outcome:
                    outcome["templates"] = [f"{t}-{copy}" for t in outcome["templates"]]
            _write(rules_dest / "trees" / f"{tree.id}-{copy}.yml", "tree", data)
        for template in real.templates.values():
            data = dict(template.doc.data, serves=[f"{r}-{copy}" for r in template.serves])
            _write(rules_dest / "templates" / f"{template.id}-{copy}.yml", "template", data)
    shutil.copytree(ROOT / "content", dest / "content")
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = config.replace("custom_dir: site-templates/overrides", f"custom_dir: {ROOT}/site-templates/overrides")
    config = config.replace('base_path: ["."]', f'base_path: ["{ROOT}"]')
    (dest / "mkdocs.yml").write_text(config, "utf-8")
    return dest


def make_baseline(dest: Path, count: int) -> Path:
    """A plain mkdocs-material project with `count` hand-written pages of similar size."""
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs"
    docs.mkdir(parents=True)
    originals = [load_file(p) for _, p in rule_files(ROOT / "rules")]
    for i in range(count):
        d = originals[i % len(originals)].data
        quotes = "\n".join(f"> {e['quote']}\n" for e in d["evidence"])
        (docs / f"page-{i}.md").write_text(
            f"# {d['title']}\n\n**{d['summary']}**\n\n{d['body']}\n\n{quotes}\n", "utf-8"
        )
    (docs / "index.md").write_text("# Baseline\n", "utf-8")
    (dest / "mkdocs.yml").write_text(
        "site_name: Baseline\nsite_url: http://127.0.0.1:8000/\ntheme: {name: material, font: false}\n"
        "plugins: [search]\nmarkdown_extensions: [admonition, attr_list, md_in_html, toc]\n",
        "utf-8",
    )
    return dest
