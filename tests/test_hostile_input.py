"""Hostile text in every string field stays text, for the guide and for a center's edition.

The string fields come from the JSON Schemas (rule, tree, template, sources, topics, center). Each
place such a field holds a value in a copy of the real guide and of examples/riverside gets its own
hostile string (script tags, event handlers, javascript:/data: URLs, quote breakouts, Markdown and
attr_list tricks, off-host images), after its value or, where the schema won't have that, instead of
it; one per place, all at once. Then, for each place, one of two things must hold:

- the checker refuses it with a problem on that field's line (the field then gets its old value
  back and the guide is checked again), or
- the strict build succeeds and its output has no live markup from it: no element or attribute it
  brought, no on* attribute, no href/src outside http(s)/mailto/tel/relative, no reference to the
  payloads' host; and the payload's token does show up as text (so the field was really published).

Control and bidi characters are checked separately (they are refused by the YAML reader, in every
string of every file, with the field named), so one build per edition covers every field.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from generator.core import schema
from generator.core.errors import RuleError
from generator.core.yaml_reader import load_file
from generator.pipeline import publishable_guide

from .conftest import ENV, EXAMPLE_CENTER, ROOT, RULES

pytestmark = pytest.mark.build

KINDS = ("rule", "tree", "template", "sources", "topics", "center")
HOST = "evil.example"
# {n}: the place's number, so whatever leaks names its field. Every payload carries "fug{n}x".
PAYLOADS = (
    "<script>fugpwn({n})</script> fug{n}x",
    "<img src=//evil.example/{n} onerror=fugpwn({n})> fug{n}x",
    '"><svg onload=fugpwn({n})> fug{n}x',
    "'><b data-fugpwn={n}>fug{n}x</b>",
    "fug{n}x {{: onclick=fugpwn({n}) }}",
    "[fug{n}x](javascript:fugpwn({n}))",
    "[fug{n}x](data:text/html,fugpwn{n})",
    '<a href="javascript:fugpwn({n})">fug{n}x</a>',
    "javascript:fugpwn({n}) fug{n}x",
    "![x](//evil.example/{n}.png) fug{n}x",
    '<style>@import "//evil.example/{n}.css";</style> fug{n}x',
    "</title></textarea></script><img src=x onerror=fugpwn({n})> fug{n}x",
    "fug{n}x {{#fugpwn{n} .x onclick=fugpwn({n})}}",
    "&lt;img src=x onerror=fugpwn({n})&gt; &#60;script&#62; fug{n}x",
    "<iframe src=//evil.example/{n}></iframe> fug{n}x",
    "https://example.org/fug{n}x?a='onmouseover=fugpwn({n})'",
)
CONTROLS = ("\x1b[31m", "\x07", "\x00", "\u202e", "\x85", "\u2066", "\x7f", "\r", "\x9b")
# String fields that are paths or never shown to readers: they must be refused or harmless, but
# their token is not expected in the site.
NOT_SHOWN = {("sources", "[]", "text"), ("sources", "[]", "note"), ("local",), ("timing", "narrowed")}


# -- the string fields, from the schemas -------------------------------------------------------------


def string_fields(kind: str) -> dict[tuple, dict]:
    """Path pattern ('[]' any index, '*' any key, '<key>' the keys themselves) -> the schema of each
    string a file of ``kind`` may hold."""
    out: dict[tuple, dict] = {}

    def walk(node, path):
        if not isinstance(node, dict):
            return
        for key in ("anyOf", "oneOf", "allOf"):
            for sub in node.get(key, []):
                walk(sub, path)
        if node.get("type") == "string" or (not node.get("type") and "enum" in node):
            out.setdefault(path, {"allOf": []})["allOf"].append(node)
        for key, sub in node.get("properties", {}).items():
            walk(sub, path + (key,))
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], path + ("*",))
        if isinstance(node.get("propertyNames"), dict):  # keys that become ids and anchors
            walk({"type": "string", **node["propertyNames"]}, path + ("<key>",))
        if isinstance(node.get("items"), dict):
            walk(node["items"], path + ("[]",))

    walk(schema.validator(kind).schema, ())
    return out


def _matches(pattern: tuple, pointer: tuple) -> bool:
    return len(pattern) == len(pointer) and all(
        p == "*" or (p == "[]" and isinstance(q, int)) or p == q for p, q in zip(pattern, pointer)
    )


def kind_of(path: Path, root: Path) -> str:
    rel = path.relative_to(root).parts
    if rel[-1] in ("sources.yml", "topics.yml"):
        return rel[-1][:-4]
    if rel[-1] == "center.yml":
        return "center"
    return {"trees": "tree", "templates": "template"}.get(rel[-2], "rule")


def _strings(data, pointer=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, pointer + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, pointer + (i,))
    elif isinstance(data, str):
        yield pointer, data


def _set(data, pointer, value):
    for key in pointer[:-1]:
        data = data[key]
    data[pointer[-1]] = value


def _dump(path: Path, data, quoted: bool = False) -> None:
    dumper = _Quoted if quoted else yaml.SafeDumper
    path.write_text(yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=10_000), "utf-8")


class _Quoted(yaml.SafeDumper):
    """Every string double-quoted, with the escapes (\\e, \\a, \\0, \\N...) a contributor might write."""


_Quoted.add_representer(str, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"'))


# -- one hostile copy ---------------------------------------------------------------------------------


@dataclass
class Place:
    n: int
    file: Path
    pointer: tuple
    field: tuple  # the schema path pattern
    original: str
    payload: str
    line: int = 0


def yaml_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yml") if p.name != "mkdocs.yml")


def make_copy(tmp: Path, center: bool) -> Path:
    """The real guide (and riverside) in ``tmp``, laid out so every relative path still resolves."""
    guide = tmp / "guide"
    shutil.copytree(RULES, guide / "rules")
    seeds = ROOT.parent / "shared" / "seeds"  # the sources' `text:` paths point here (../../shared/seeds)
    if seeds.is_dir():
        shutil.copytree(seeds, tmp / "shared" / "seeds")
    (guide / "content").mkdir()
    config = {
        "site_name": "Hostile test",
        "site_url": "http://127.0.0.1:8000/",
        "docs_dir": "content",
        "theme": {
            "name": "material",
            "custom_dir": str(ROOT / "site-templates" / "overrides"),
            "font": False,
            "features": ["navigation.instant", "navigation.footer", "navigation.tabs", "search.suggest"],
        },
        "plugins": ["search", {"follow-up-guide": {"rules": "rules"}}],
        "markdown_extensions": ["attr_list", "md_in_html", "tables", {"toc": {"permalink": True}}],
    }
    if center:
        shutil.copytree(EXAMPLE_CENTER, guide / "center", ignore=shutil.ignore_patterns("mkdocs*.yml", "site*"))
        config["plugins"] = [
            "search",
            {"follow-up-guide": {"rules": "rules", "center": "center/center.yml"}},
            "offline",
        ]
    (guide / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    complete(guide, center)
    return guide


def complete(guide: Path, center: bool) -> None:
    """The optional string fields the real files leave out, with ordinary values, so that the copy
    holds every field the schemas define (test_every_string_field_of_every_kind_gets_a_payload)."""
    sources = load_file(guide / "rules" / "sources.yml").data
    sources["sources"][0].update(url="https://example.org/a-source", note="Where we read it.")
    _dump(guide / "rules" / "sources.yml", sources)
    if center:
        data = load_file(guide / "center" / "center.yml").data
        override = next(iter(data["overrides"].values()))
        override.update(
            title="Wait a little longer, then follow up",
            summary="Wait [[recommended]].",
            body="Employers here decide sooner than most.",
            do=["Keep it short."],
            dont=["Call before you write."],
            contested={"question": "How long should you wait?", "why": "Employers here decide sooner."},
        )
        override["evidence"][0]["position"] = "Employers here decide sooner."
        _dump(guide / "center" / "center.yml", data)


def poison(guide: Path) -> list[Place]:
    """A payload in every string field of every file the schemas accept it in (one per place)."""
    fields = {kind: string_fields(kind) for kind in KINDS}
    validators = {}
    places: list[Place] = []
    counter = itertools.count()
    for path in yaml_files(guide):
        kind = kind_of(path, guide)
        doc = load_file(path)
        for pointer, value in list(_strings(doc.data)):
            field = next((f for f in fields[kind] if _matches(f, pointer)), None)
            if field is None:
                continue
            node = validators.setdefault((kind, field), Draft202012Validator(fields[kind][field]))
            n = next(counter)
            # The payload goes after the value (placeholders and references stay, so the checks look at
            # the payload and not at what its absence breaks), or instead of it if the schema won't have
            # that; the first payload (from this place's own on) the schema lets in.
            own = [p.format(n=n) for p in PAYLOADS[n % len(PAYLOADS) :] + PAYLOADS[: n % len(PAYLOADS)]]
            payload = next((t for t in [f"{value} {p}" for p in own] + own if node.is_valid(t)), None)
            if payload is not None:
                _set(doc.data, pointer, payload)
                places.append(Place(n, path, pointer, field, value, payload))
        _dump(path, doc.data)
    for file in {p.file for p in places}:
        locate([p for p in places if p.file == file])
    return places


def locate(places: list[Place]) -> None:
    """Each place's line in its (rewritten) file."""
    doc = load_file(places[0].file)
    for place in places:
        place.line = doc.line(place.pointer)


def settle(guide: Path, places: list[Place], center: Path | None) -> tuple[list[Place], list[Place]]:
    """Check the copy until it passes, giving each refused place its old value back. Every problem
    must be on the line of a place it refuses."""
    live, refused = list(places), []
    for _ in range(10):
        try:
            publishable_guide(guide / "rules", center)
            return live, refused
        except RuleError as err:
            culprits = set()
            for problem in err.problems:
                here = [p for p in live if p.file.resolve() == Path(problem.path).resolve() and p.line <= problem.line]
                assert here, f"refused, but not at a hostile field: {problem.path}:{problem.line}: {problem.message}"
                culprit = max(here, key=lambda p: p.line)
                where = f"{problem.path}:{problem.line}: {problem.message}"
                assert problem.line - culprit.line <= culprit.payload.count("\n") + 1, (
                    f"{where} (nearest hostile field is on line {culprit.line})"
                )
                culprits.add(culprit.n)
            for file in {p.file for p in live if p.n in culprits}:
                doc = load_file(file)
                for p in live:
                    if p.n in culprits and p.file == file:
                        _set(doc.data, p.pointer, p.original)
                _dump(file, doc.data)
                locate([p for p in live if p.file == file])
            refused += [p for p in live if p.n in culprits]
            live = [p for p in live if p.n not in culprits]
    pytest.fail("the hostile copy never passed the checks")


# -- what a built site may contain --------------------------------------------------------------------

ALLOWED_SCHEMES = ("http:", "https:", "mailto:", "tel:")
URL_ATTRS = {"href", "src", "srcset", "action", "formaction", "poster", "data", "background", "xlink:href"}
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class _Audit(HTMLParser):
    def __init__(self, where: str):
        super().__init__(convert_charrefs=True)
        self.where, self.found, self.text = where, [], []  # text: what a reader sees or hears
        self._raw = False  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        # A payload's text inside an attribute value (an aria-label, a placeholder) is harmless; what
        # it must not bring is an element, an attribute, a URL with another scheme, or another host.
        if "fugpwn" in tag:
            self.found.append(f"<{tag}> element")
        self._raw = tag in ("script", "style")
        for name, value in attrs:
            value = value or ""
            self.text.append(value)  # shown too: a placeholder, an aria-label
            if name.startswith("on") or "fugpwn" in name:
                self.found.append(f"<{tag} {name}={value[:80]!r}> attribute from a payload")
            if name in URL_ATTRS or name == "style":
                if HOST in value:
                    self.found.append(f"<{tag} {name}={value[:80]!r}> refers to {HOST}")
            if name in URL_ATTRS:
                target = re.sub(r"[\s\x00-\x20]", "", value).lower()
                if re.match(r"^[a-z][a-z0-9+.-]*:", target) and not target.startswith(ALLOWED_SCHEMES):
                    self.found.append(f"<{tag} {name}={value[:80]!r}> scheme not allowed")

    def handle_endtag(self, tag):
        self._raw = False

    def handle_data(self, data):
        if self._raw and ("fugpwn" in data or HOST in data):
            self.found.append(f"script or style from a payload: {data[:80]!r}")
        self.text.append(data)


def audit_html(html: str, where: str) -> tuple[list[str], str]:
    parser = _Audit(where)
    parser.feed(html)
    parser.close()
    return [f"{where}: {f}" for f in parser.found], " ".join(parser.text)


def search_docs(site: Path) -> list[dict]:
    index = site / "search" / "search_index.json"
    if index.exists():
        return json.loads(index.read_text("utf-8"))["docs"]
    js = (site / "search" / "search_index.js").read_text("utf-8")  # the offline plugin's copy
    return json.loads(js[js.index("{") : js.rindex("}") + 1])["docs"]


def audit_site(site: Path) -> tuple[list[str], str]:
    """Everything live that came from a payload, and all the text a reader can see."""
    found, texts = [], []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".json", ".js", ".css", ".xml", ".svg"):
            continue
        text = path.read_text("utf-8", errors="replace")
        where = str(path.relative_to(site))
        if INVISIBLE.search(text):
            found.append(f"{where}: control character U+{ord(INVISIBLE.search(text).group(0)):04X}")
        if path.suffix == ".html":
            problems, shown = audit_html(text, where)
            found += problems
            texts.append(shown)
        elif path.suffix in (".json", ".js") and "</script" in text.lower() and "fugpwn" in text:
            found.append(f"{where}: '</script' from a payload")
        elif path.suffix == ".css" and HOST in text:
            found.append(f"{where}: refers to {HOST}")
    # Material's search shows titles and text as HTML: they must be as inert as the pages.
    for doc in search_docs(site):
        for key in ("title", "text"):
            problems, shown = audit_html(doc.get(key, ""), f"search index {doc['location']} {key}")
            found += problems
            texts.append(shown)
    return found, "\n".join(texts)


def build(guide: Path, site: Path) -> None:
    env = dict(ENV, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), ENV.get("PYTHONPATH")])))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(guide / "mkdocs.yml"), "-d", str(site)],
        cwd=guide,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert not warnings, "\n".join(warnings)


@pytest.mark.parametrize("edition", ["guide", "center"])
def test_hostile_text_in_every_string_field_is_refused_or_inert(edition, tmp_path):
    guide = make_copy(tmp_path, center=edition == "center")
    center = guide / "center" / "center.yml" if edition == "center" else None
    places = poison(guide)
    kinds = {kind_of(p.file, guide) for p in places}
    assert kinds == (set(KINDS) if center else set(KINDS) - {"center"}), kinds
    live, refused = settle(guide, places, center)
    build(guide, tmp_path / "site")
    found, text = audit_site(tmp_path / "site")
    names = {p.n: f"{p.file.relative_to(guide)}:{p.line} {'.'.join(map(str, p.pointer))}" for p in places}
    found = [re.sub(r"fugpwn\W*(\d+)", lambda m: f"{m.group(0)} [{names.get(int(m.group(1)), '?')}]", f) for f in found]
    assert not found, "\n".join(found[:40])
    # Not vacuous: each field that was let in is published somewhere (a center hides some rules and
    # replaces some text, so per field, not per place).
    shown = {(kind_of(p.file, guide), p.field) for p in live if f"fug{p.n}x" in text}
    # A rule the center hides is never checked nor shown (its quotes too: every quote readers see is
    # checked against its source's text, so a hostile one is always refused).
    hidden = set(load_file(center).data.get("hide", {}).get("rules", ())) if center else set()
    unseen = sorted(
        {
            f"{kind_of(p.file, guide)}: {'.'.join(p.field)}"
            for p in live
            if (kind_of(p.file, guide), p.field) not in shown
            and p.field not in NOT_SHOWN
            and not (kind_of(p.file, guide) == "rule" and p.file.stem in hidden)
        }
    )
    assert not unseen, "accepted but never shown, so never tested: " + ", ".join(unseen)
    assert len(live) > len(refused), "most hostile text should be published as text, not refused"


def test_every_string_field_of_every_kind_gets_a_payload(tmp_path):
    """The copies cover the schemas: each string field the schemas define is either in the copies
    (and so poisoned) or closed to every payload by its schema (an id, an enum, a date, a colour)."""
    guide = make_copy(tmp_path, center=True)
    present = {
        (kind_of(path, guide), f)
        for path in yaml_files(guide)
        for f in string_fields(kind_of(path, guide))
        for pointer, _ in _strings(load_file(path).data)
        if _matches(f, pointer)
    }
    missing = []
    for kind in KINDS:
        for field, node in string_fields(kind).items():
            open_to = [p for p in PAYLOADS if Draft202012Validator(node).is_valid(p.format(n=0))]
            if open_to and (kind, field) not in present:
                missing.append(f"{kind}: {'.'.join(field)}")
    assert not missing, "string fields no copy holds (add them to examples/riverside or the rules): " + ", ".join(
        missing
    )


@pytest.mark.parametrize("kind", KINDS)
def test_schemas_refuse_hostile_urls_and_identifiers(kind):
    """A field closed to the payloads (ids, enums, URLs, colours, dates) refuses each one outright."""
    for field, node in string_fields(kind).items():
        validator = Draft202012Validator(node)
        if any(validator.is_valid(p.format(n=0)) for p in PAYLOADS[:-1]):
            continue  # free text: the build test above covers it
        for payload in (
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            '" onfocus="alert(1)',
            "//evil.example/x",
            'https://x.example/" onfocus="alert(1)',
            "https://a@evil.example/",
        ):
            assert not validator.is_valid(payload), f"{kind}: {'.'.join(field)} accepts {payload!r}"


def test_control_and_bidi_characters_are_refused_in_every_string_of_every_file(tmp_path):
    guide = make_copy(tmp_path, center=True)
    for path in yaml_files(guide):
        doc = load_file(path)
        pointers = [pointer for pointer, _ in _strings(doc.data)]
        for i, pointer in enumerate(pointers):
            _set(doc.data, pointer, f"a{CONTROLS[i % len(CONTROLS)]}b")
        _dump(path, doc.data, quoted=True)
        with pytest.raises(RuleError) as err:
            load_file(path)
        told = {p.message.split(":", 1)[0] for p in err.value.problems}
        assert all(p.path == str(path) and p.line > 0 for p in err.value.problems)
        assert told == {".".join(map(str, pointer)) for pointer in pointers}, path


# -- the cases, one by one ---------------------------------------------------------------------

LOGO_CASES = {
    "script": (
        b'<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script></svg>',
        "line 2: <script> is not allowed",
    ),
    "handler": (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "line 1: event handler onload= is not allowed",
    ),
    "foreignObject": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>',
        "<foreignObject> is not allowed",
    ),
    "external href": (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<use xlink:href="https://evil.example/a.svg#x"/></svg>',
        "points outside the file",
    ),
    "style url": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><style>*{fill:url(https://evil.example/x)}</style></svg>',
        "<style> refers outside the file",
    ),
    "entities": (b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>', "DOCTYPE or entity"),
    "link": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><path d="M0 0"/></a></svg>',
        "<a> is not allowed",
    ),
    "animation": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="fill" to="red"/></svg>',
        "<set> is not allowed",
    ),
    "html named .png": (b"<html><script>alert(1)</script></html>", "is not a PNG image"),
}


@pytest.mark.parametrize("case", sorted(LOGO_CASES))
def test_a_center_logo_that_is_not_plain_vector_art_or_a_picture_is_refused_with_its_line(case, tmp_path):
    from generator.center.model import load_center

    content, message = LOGO_CASES[case]
    name = "logo.png" if case.startswith("html") else "logo.svg"
    (tmp_path / name).write_bytes(content)
    (tmp_path / "center.yml").write_text(f"name: Hill Careers\ncontact: {{office: Room 1}}\nlogo: {name}\n", "utf-8")
    with pytest.raises(RuleError) as err:
        load_center(tmp_path / "center.yml")
    [problem] = err.value.problems
    assert (Path(problem.path).name, problem.line) == ("center.yml", 3)
    assert problem.message.startswith(f"logo: '{name}' ") and message in problem.message, problem.message


def test_a_center_may_use_plain_svg_or_raster_logos(tmp_path):
    from generator.center.model import load_center

    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    shutil.copy(EXAMPLE_CENTER / "favicon.svg", tmp_path / "favicon.svg")
    (tmp_path / "center.yml").write_text(
        "name: Hill\ncontact: {office: Room 1}\nlogo: logo.png\nfavicon: favicon.svg\n", "utf-8"
    )
    assert load_center(tmp_path / "center.yml").logo.name == "logo.png"


def test_urls_from_data_keep_only_allowed_schemes_and_never_a_raw_quote():
    from generator.site.escape import link_url

    assert link_url("https://example.org/a?b=1&c='d'") == "https://example.org/a?b=1&amp;c=&#x27;d&#x27;"
    assert link_url("mailto:careers@example.edu") == "mailto:careers@example.edu"
    for url in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "//evil.example/x",
        "vbscript:x",
        'https://x.example/" onfocus="alert(1)',
        "https://x.example/\u202e",
        "https:///x",
        "#top",
        None,
    ):
        assert link_url(url) is None, url


def test_nav_titles_and_the_site_name_reach_the_theme_escaped():
    """MkDocs' Jinja does not autoescape and Material prints nav titles and site_name raw."""
    from jinja2 import Environment

    from generator.site import sitemap
    from generator.site.escape import theme_text

    [entry] = sitemap.nav([sitemap.SitePage("topics/x.md", '<img src=x onerror=alert(1)> "a"', "topic.md.j2")], [])
    title = next(iter(entry))
    env = Environment()  # as MkDocs makes it: no autoescape
    assert (
        env.from_string("{{ t }}|{{ t | e }}").render(t=title) == "&lt;img src=x onerror=alert(1)&gt; &#34;a&#34;|"
        "&lt;img src=x onerror=alert(1)&gt; &#34;a&#34;"
    )
    assert (
        env.from_string('<a aria-label="{{ n }}">').render(n=theme_text('A" onfocus="x'))
        == '<a aria-label="A&#34; onfocus=&#34;x">'
    )


@pytest.mark.browser
def test_in_chromium_hostile_titles_and_names_run_nothing_and_fetch_nothing(browser, tmp_path):
    """The issue's reproduction: markup in a topic title, a tree title and a center's name shows as
    text in the nav, header, title, footer and search results; no dialog opens, no other host is asked."""
    import functools
    import http.server
    import threading

    from .conftest import PageWatch, _QuietHandler

    guide = make_copy(tmp_path, center=True)
    hostile = {"topics.yml": ("topics", 3, "title"), "center.yml": ("name",)}
    for path in (
        guide / "rules" / "topics.yml",
        guide / "center" / "center.yml",
        guide / "rules" / "trees" / "how-should-i-contact-them.yml",
    ):
        data = load_file(path).data
        pointer = hostile.get(path.name, ("title",))
        _set(data, pointer, "Fugtitle</title><img src=//evil.example/x onerror=alert(1)>")
        _dump(path, data)
    config = guide / "mkdocs.yml"
    settings = yaml.safe_load(config.read_text("utf-8"))
    settings["plugins"] = settings["plugins"][:2]  # served over http: no offline plugin
    config.write_text(yaml.safe_dump(settings), "utf-8")
    build(guide, tmp_path / "site")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(tmp_path / "site"))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        watch = PageWatch(context)
        dialogs = []
        watch.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        for path in ("", "topics/timing/", "trees/how-should-i-contact-them/"):
            watch.page.goto(base + path)
            watch.page.wait_for_load_state("load")
            assert dialogs == [] and watch.outside == [], path
        assert "<img src=//evil.example/x" in watch.page.title()
        assert watch.page.locator(".md-header__topic").first.inner_text().startswith("Fugtitle</title><img")
        watch.page.locator("label.md-search__icon, .md-search__input").first.click()
        watch.page.keyboard.type("Fugtitle")
        watch.page.wait_for_selector(".md-search-result__item", timeout=10_000)
        watch.page.wait_for_timeout(500)
        assert dialogs == [] and watch.outside == [] and watch.page.locator("img[src*='evil']").count() == 0
    finally:
        context.close()
        server.shutdown()


def test_the_sites_scripts_never_parse_strings_as_html():
    """Readers' own input (dates, names in a template) and our data reach the page through the DOM as
    text: no script parses a string as HTML or code."""
    risky = re.compile(r"\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\beval\(|new Function\(")
    for script in sorted((ROOT / "site-templates" / "assets").glob("*.js")):
        hits = [
            f"{script.name}:{i}: {line.strip()}"
            for i, line in enumerate(script.read_text("utf-8").splitlines(), 1)
            if risky.search(line)
        ]
        assert not hits, hits


def test_a_center_colour_is_written_into_css_only_as_rrggbb():
    from generator.site.escape import css_colour

    assert css_colour("#6a1b4d") == "#6a1b4d"
    for value in ("red;} body{background:url(//evil.example/x)", "#fff", "expression(alert(1))"):
        with pytest.raises(ValueError):
            css_colour(value)
