"""Message templates on the site: the page templates' ``templates`` namespace, which shows a
template as a form with a live preview (site-templates/pages/_message.html.j2), and the Templates
page.

The preview is built here, line by line, from the same segments ``messages.fill`` uses, so the
text the page copies (assets/templates.js reads the visible lines) is the text the tests expect.
Every piece of text goes through ``md_text`` (inert for Markdown and HTML); nothing a reader types
is ever turned into markup: the script only sets textContent."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.core.models import Rule, Topic
from generator.core.wording import CHANNEL_WORDS
from generator.site.sanitize import md_text
from generator.site.sitemap import TEMPLATES
from generator.templates.model import (
    WRITTEN,
    Filled,
    MessageTemplate,
    fill,
    fill_text,
    lines,
    optional_line,
    parse,
    serving,
)

if TYPE_CHECKING:
    from generator.site.render import Page, Renderer

PHONE_SCRIPT_WORDS = "Phone call (what to say)"
LIMIT_WORDS = {"max_paragraphs": "paragraphs", "max_words": "words"}


def text_html(text: str) -> Markup:
    """Plain text for an element's content or a quoted attribute (md_text writes quotes as
    entities too); line breaks kept as entities so the HTML stays on one line (a blank line would
    end the page's HTML block)."""
    return Markup(md_text(text).replace("\n", "&#10;"))


def _segments_html(t: MessageTemplate, segments, nested: bool = False) -> str:
    # Placeholder names match messages.NAME (letters, digits, underscores), so they go in as they are.
    out = []
    for s in segments:
        if isinstance(s, str):
            out.append(text_html(s))
        elif s.name in t.alternatives and not nested:
            options = t.alternatives[s.name].options
            out.append(
                f'<span class="fug-alt" data-alt="{s.name}">'
                + "".join(
                    f'<span data-option="{i}"{" hidden" if i else ""}>{_segments_html(t, parse(o)[0], True)}</span>'
                    for i, o in enumerate(options)
                )
                + "</span>"
            )
        elif s.name in t.fields:
            empty = t.fields[s.name].empty
            out.append(
                f'<span class="fug-slot fug-unfilled" data-field="{s.name}" '
                f'data-empty="{text_html(empty)}">{text_html(empty)}</span>'
            )
        else:
            out.append(text_html("{" + s.name + "}"))
    return "".join(out)


def preview_html(t: MessageTemplate, text: str) -> Markup:
    """One span per line; an optional field's line starts hidden (the field starts empty)."""
    out = []
    for line in lines(text.strip()):
        name = optional_line(t, line)
        extra = f' data-optional="{name}" hidden' if name else ""
        out.append(f'<span class="fug-line"{extra}>{_segments_html(t, line)}</span>')
    return Markup("".join(out))


@dataclass
class View:
    """Everything _message.html.j2 shows for one template on one page."""

    t: MessageTemplate
    uid: str  # prefix for element ids, unique on the page
    anchor: str | None
    collapsed: bool
    remember: bool  # this block carries remember/forget controls (unless the page has its own)
    channel: str
    when: list[str]
    rules: list[Rule]
    limits: list[tuple[str, Rule]]
    subject_html: Markup | None
    body_html: Markup
    fallback: Filled  # the text shown without JavaScript: every field empty
    options: dict[str, list[str]] = field(default_factory=dict)  # option texts as the form shows them


@dataclass
class _PageState:
    count: dict[str, int] = field(default_factory=dict)  # blocks of each template so far
    remember: bool = False  # the page has its own remember/forget controls, so blocks leave theirs out


class TemplateViews:
    """The page templates' ``templates``: templates.block(id), templates.for_rule(rule), ..."""

    namespace = "templates"

    def __init__(self, renderer: Renderer):
        self.r = renderer
        self.guide = renderer.guide
        self._pages: dict[str, _PageState] = {}
        self.r.env.filters["message_text"] = text_html

    def _state(self) -> _PageState:
        return self._pages.setdefault(self.r.current, _PageState())

    # -- for page templates ----------------------------------------------------------------------
    def block(self, template_id: str, collapsed: bool = True, anchor: bool = True) -> Markup:
        """A template as a form with a live preview. ``collapsed``: inside a closed <details>
        (rule pages, tree outcomes); ``anchor``: the block carries id="template-<id>" (the first
        one on a page; later ones get a numbered id)."""
        t = self.guide.templates[template_id]
        state = self._state()
        n = state.count[template_id] = state.count.get(template_id, 0) + 1
        suffix = "" if n == 1 else f"-{n}"
        view = View(
            t=t,
            uid=f"fug-{t.id}{suffix}",
            anchor=f"template-{t.id}{suffix}" if anchor else None,
            collapsed=collapsed,
            remember=not state.remember,
            channel=self._channel_words(t),
            when=self._when(t),
            rules=self._rules(t),
            limits=self._limits(t),
            subject_html=preview_html(t, t.part("subject")) if t.subject is not None else None,
            body_html=preview_html(t, t.message),
            fallback=fill(t, {}),
            options={name: [fill_text(t, o, {}) for o in a.options] for name, a in t.alternatives.items()},
        )
        return self.r.fragment("_message.html.j2", v=view)

    def for_rule(self, rule: Rule) -> Markup:
        """The templates serving a rule, for its entry on a topic page: the block the first time
        a template appears on the page, after that one line of links to the blocks above."""
        out, above = [], []
        for t in sorted(serving(self.guide, rule.id), key=self._order):
            if self._state().count.get(t.id):
                above.append(f'<a href="#template-{t.id}">{text_html(t.title)}</a>')
            else:
                out.append(self.block(t.id))
        if above:
            out.append(
                f'<p class="fug-message-link"><span class="fug-label">Templates</span> {" · ".join(above)} (above)</p>'
            )
        return Markup("".join(out))

    def remember_controls(self) -> Markup:
        """One "remember my details" switch and "forget" button for the whole page (the Templates
        page); elsewhere each block carries its own, since a reader may open just one."""
        state = self._state()
        if state.remember:
            return Markup("")
        state.remember = True
        return self.r.fragment("_message_remember.html.j2")

    def groups(self) -> list[tuple[Topic, list[MessageTemplate]]]:
        """Templates by situation: under the topic of the first rule each one serves."""
        by_topic: dict[str, list[MessageTemplate]] = {}
        for t in sorted(self.guide.templates.values(), key=self._order):
            first = self.guide.rules.get(t.serves[0])
            if first is not None:
                by_topic.setdefault(first.topic, []).append(t)
        return [(topic, by_topic[topic.id]) for topic in self.guide.topics if topic.id in by_topic]

    def pages(self) -> list[Page]:
        """The Templates page, when there are templates."""
        if not self.guide.templates:
            return []
        return [self.r.render(TEMPLATES)]

    # -- pieces ----------------------------------------------------------------------------------
    def _channel_words(self, t: MessageTemplate) -> str:
        # The rule pages' words for email, letter and card; a script is what you say on a call.
        return PHONE_SCRIPT_WORDS if t.channel == "phone-script" else CHANNEL_WORDS[t.channel]

    def _order(self, t: MessageTemplate):
        # Templates that carry out a step (their first rule has an action) come first.
        first = self.guide.rules.get(t.serves[0])
        return (0 if first is not None and first.action else 1, t.title.lower())

    def _when(self, t: MessageTemplate) -> list[str]:
        """The situation of the first rule served: the one the template is listed under."""
        first = self.guide.rules.get(t.serves[0])
        return self.r.when_words(first) if first else []

    def _rules(self, t: MessageTemplate) -> list[Rule]:
        return [self.guide.rules[r] for r in t.serves if r in self.guide.rules]

    def _limits(self, t: MessageTemplate) -> list[tuple[str, Rule]]:
        """The strictest of each limit the served rules set, with the rule that sets it."""
        strictest: dict[str, Rule] = {}
        if t.channel not in WRITTEN:
            return []
        for rule in self._rules(t):
            for name, most in rule.limits.items():
                if name not in strictest or most < strictest[name].limits[name]:
                    strictest[name] = rule
        return [(f"at most {rule.limits[name]} {LIMIT_WORDS[name]}", rule) for name, rule in sorted(strictest.items())]
