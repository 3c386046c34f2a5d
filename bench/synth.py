"""Synthetic guides for benchmarks: N rules made from the real rules' shapes, spread over topics."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from generator.loader import rule_files
from generator.yamlload import load_file

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_LINE = "# yaml-language-server: $schema=../../generator/schemas/rule.schema.json\n"


def _rename(text: str, ids: set[str], n: int) -> str:
    text = re.sub(r"\[\[([a-z0-9-]+):", lambda m: f"[[{m.group(1)}-{n}:" if m.group(1) in ids else m.group(0), text)
    return re.sub(r"\(#([a-z0-9-]+)\)", lambda m: f"(#{m.group(1)}-{n})" if m.group(1) in ids else m.group(0), text)


def _walk(value, fn):
    if isinstance(value, dict):
        return {k: _walk(v, fn) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, fn) for v in value]
    return fn(value) if isinstance(value, str) else value


def make_guide(dest: Path, count: int) -> Path:
    """Write a project with `count` rules into dest (mkdocs.yml, content/, rules/); return it."""
    if dest.exists():
        shutil.rmtree(dest)
    rules_dest = dest / "rules"
    rules_dest.mkdir(parents=True)
    src = ROOT / "rules"
    for name in ("topics.yml", "sources.yml"):
        text = (src / name).read_text("utf-8")
        (rules_dest / name).write_text(text.replace("../../shared/", str(ROOT.parent / "shared") + "/"), "utf-8")
    originals = [(topic, load_file(path)) for topic, path in rule_files(src)]
    ids = {doc.path.stem for _, doc in originals}
    copies = -(-count // len(originals))
    made = 0
    copy = 0
    while made < count:
        for topic, doc in originals:
            if made == count:
                break
            data = _walk(doc.data, lambda s: _rename(s, ids, copy))
            if "related" in data:
                data["related"] = [f"{r}-{copy}" for r in data["related"]]
            if "overrides" in data:
                # every copy shares the same situations, so an override must name all copies
                data["overrides"] = [f"{r}-{m}" for r in data["overrides"] for m in range(copies)]
            path = rules_dest / topic / f"{doc.path.stem}-{copy}.yml"
            path.parent.mkdir(exist_ok=True)
            path.write_text(SCHEMA_LINE + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
            made += 1
        copy += 1
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
        (docs / f"page-{i}.md").write_text(f"# {d['title']}\n\n**{d['summary']}**\n\n{d['body']}\n\n{quotes}\n", "utf-8")
    (docs / "index.md").write_text("# Baseline\n", "utf-8")
    (dest / "mkdocs.yml").write_text(
        "site_name: Baseline\nsite_url: http://127.0.0.1:8000/\ntheme: {name: material, font: false}\n"
        "plugins: [search]\nmarkdown_extensions: [admonition, attr_list, md_in_html, toc]\n", "utf-8")
    return dest
