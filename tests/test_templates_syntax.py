"""The site's templates use only what MiniJinja (the template engine of Zensical, mkdocs-material's
successor) also accepts: no Python method calls on values (``.items()``, ``.get()``,
``.split()``, ...). Calls go to functions, macros, our views' namespaces or Jinja's own objects;
anything else a template needs is a filter, a test or a value the views compute."""

from pathlib import Path

import pytest
from jinja2 import Environment, nodes

from generator.calculator.views import CalculatorViews
from generator.center.views import CenterViews
from generator.templates.views import TemplateViews
from generator.trees.views import TreeViews

TEMPLATES = Path(__file__).resolve().parent.parent / "site-templates"
FILES = sorted([*TEMPLATES.glob("pages/**/*.j2"), *(p for p in TEMPLATES.glob("overrides/**/*") if p.is_file())])
VIEWS = {view.namespace for view in (CalculatorViews, CenterViews, TemplateViews, TreeViews)}
# Jinja's own objects with methods (loop.cycle, caller(), super(), self.block()), and Material's
# translations (`{% import "partials/language.html" as lang %}`, then lang.t("...")).
BUILTINS = {"loop", "caller", "super", "self", "varargs", "kwargs", "lang"}


def method_calls(source: str) -> list[str]:
    """``owner.method(...)`` calls whose owner is not one of VIEWS or BUILTINS, as written."""
    found = []
    for call in Environment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"]).parse(source).find_all(nodes.Call):
        if isinstance(call.node, nodes.Getattr):
            owner = call.node.node
            if not (isinstance(owner, nodes.Name) and owner.name in VIEWS | BUILTINS):
                found.append(f"line {call.lineno}: .{call.node.attr}(...)")
    return found


def test_every_template_is_scanned():
    assert {p.parent.name for p in FILES} >= {"pages", "overrides", "partials"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(TEMPLATES).as_posix())
def test_template_calls_no_python_methods(path):
    assert method_calls(path.read_text("utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "{% for k, v in rule.limits.items() %}{% endfor %}",
        "{{ guide.rules.values()|list }}",
        "{{ source.author.split(',')[0] }}",
        "{{ (title or '').lower() }}",
        "{% if center.contact.get('email') %}{% endif %}",
        "{{ trees.url(tree).startswith('#') }}",
    ],
)
def test_the_scan_finds_method_calls(source):
    assert method_calls(source)


@pytest.mark.parametrize(
    "source",
    [
        "{{ trees.url(tree) }}",
        "{{ templates.block(t.id, collapsed=False) }}",
        "{{ calculator.form(compact=True) }}",
        "{{ center_views.changes(rule.id) }}",
        "{{ rule_url(rule) }}",
        "{{ loop.cycle('a', 'b') }}",
        "{% for k, v in t.fields|items %}{% endfor %}",
        "{{ lang.t('search') }}",
        "{{ super() }}",
    ],
)
def test_the_scan_allows_functions_filters_and_namespaces(source):
    assert method_calls(source) == []
