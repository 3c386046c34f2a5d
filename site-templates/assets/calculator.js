// The calculator on a page: reads the form, shows the plan plan.js computes (as textContent)
// and exports it. Inputs stay in the browser; the URL fragment (never sent) keeps them for bookmarks.
import { iso, parseDay, plan } from "./plan.js";
import { calendar } from "./ics.js";

const DATA_URL = new URL("calculator-data.json", import.meta.url);
const SITE_ROOT = new URL("../", import.meta.url);
// What has happened since the interview: folded away on the page until the reader opens it.
const HISTORY = ["they_said", "thank_you_sent", "followed_up", "called"];
const FIELDS = ["interview", "promised", "offer_deadline", "country", ...HISTORY];
const FLAGS = ["recruiter"];
let dataPromise = null;

const loadData = () => (dataPromise ||= fetch(DATA_URL).then((r) => {
  if (!r.ok) throw new Error(r.status);
  return r.json();
}));

// The reader's own calendar day, not the UTC one.
const localToday = (t = new Date()) => iso(Math.floor((t.getTime() - t.getTimezoneOffset() * 6e4) / 864e5));

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

const link = (text, url) => Object.assign(el("a", null, text), { href: new URL(url, SITE_ROOT).href });

const dateWords = (isoDate) => new Intl.DateTimeFormat(document.documentElement.lang || undefined,
  { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })
  .format(new Date(parseDay(isoDate) * 864e5));
const span = (s) => `${dateWords(s.earliest)} to ${dateWords(s.latest)}`;

class Calculator {
  constructor(root, data) {
    Object.assign(this, { root, data, form: root.querySelector("form"), status: root.querySelector(".fug-calc-status"),
      section: root.querySelector(".fug-plan"), steps: [] });
    const on = (what, fn) => root.querySelector(`[data-do=${what}]`).addEventListener("click", fn);
    on("ics", () => this.download());
    on("copy", () => this.copy());
    on("print", () => window.print());
    this.fromUrl();
  }

  field(name) { return this.form.elements.namedItem(name); }

  read() {
    const raw = { today: localToday() };
    for (const name of FIELDS) raw[name] = this.field(name)?.value.trim() ?? "";
    for (const name of FLAGS) raw[name] = this.field(name)?.checked ?? false;
    return raw;
  }

  fromUrl() {
    const params = new URLSearchParams(location.hash.slice(1));
    if (!params.has("interview")) return;
    for (const name of FIELDS) {
      const input = this.field(name);
      if (input) input.value = params.get(name) || (input.options ? input.options[0].value : "");
    }
    for (const name of FLAGS) if (this.field(name)) this.field(name).checked = params.get(name) === "1";
    this.open(HISTORY.some((name) => params.get(name)));
    const country = params.get("country");
    if (country && this.field("country").value !== country) {
      // Not offered here: keep it visible so the message next to the list makes sense.
      this.field("country").append(new Option(country, country, true, true));
    }
    this.show(false);
  }

  show(focus) {
    const raw = this.read();
    const result = plan(this.data, raw);
    const errors = result.errors || {};
    for (const name of FIELDS) {
      const input = this.field(name);
      if (!input) continue;
      const slot = this.root.querySelector(`#${input.id}-error`);
      if (errors[name]) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
      this.open(errors[name] && HISTORY.includes(name));
      slot.textContent = errors[name] || "";
      slot.hidden = !errors[name];
    }
    const first = FIELDS.find((name) => errors[name]);
    if (first) {
      this.section.hidden = true;
      this.status.textContent = "Please check the highlighted field.";
      if (focus) this.field(first).focus();
      return;
    }
    this.raw = raw;
    this.steps = result.steps;
    const params = new URLSearchParams();
    for (const name of FIELDS.concat(FLAGS)) {
      if (raw[name] && raw[name] !== "nothing") params.set(name, raw[name] === true ? "1" : raw[name]);
    }
    history.replaceState(history.state, "", `#${params}`);
    const more = this.root.querySelector(".fug-calc-more");
    if (more) more.hash = params;
    this.render(raw.today);
    if (focus) this.section.querySelector(".fug-plan-title").focus();
  }

  // Open the "what has happened" fields when they hold something the reader should see.
  open(yes) {
    const box = this.root.querySelector(".fug-calc-history");
    if (box && yes) box.open = true;
  }

  render(today) {
    const next = this.steps.find((s) => s.status === "planned");
    const count = (status) => this.steps.filter((s) => s.status === status).length;
    this.section.querySelector(".fug-plan-steps").replaceChildren(...this.steps.map((s) => this.item(s, s === next)));
    this.axis(today, next);
    this.section.hidden = false;
    this.status.textContent = `Your plan has ${this.steps.length} steps` +
      (count("planned") < this.steps.length ? ` (${count("done")} done, ${count("missed")} missed)` : "") + "." + (next
      ? ` Next: ${this.data.words.actions[next.action]} on ${dateWords(next.date)}.` : " Nothing is left to do.");
  }

  item(step, isNext) {
    const { actions, channels } = this.data.words;
    const rule = this.data.rules[step.rule];
    const li = el("li", `fug-plan-step is-${step.status}`);
    Object.assign(li.dataset, { action: step.action, rule: step.rule || "", status: step.status });
    const when = el("p", "fug-plan-when");
    const time = el("time", null, dateWords(step.date));
    time.dateTime = step.date;
    when.append(time);
    if (step.status !== "planned") when.append(" ", el("span", "fug-plan-badge", step.status === "done" ? "Done" : "Missed"));
    if (isNext) {
      li.classList.add("is-next");
      li.setAttribute("aria-current", "step");
      when.append(" ", el("span", "fug-plan-badge fug-plan-badge--next", "Next"));
    }
    const what = el("p", "fug-plan-what");
    what.append(el("strong", null, actions[step.action]));
    if (step.channel) what.append(` · ${channels[step.channel]}`);
    li.append(when, what);
    for (const r of step.also) li.append(el("p", "fug-plan-also", `In the same message: ${actions[this.data.rules[r].action].toLowerCase()}`));
    if (step.status === "missed") {
      li.append(el("p", "fug-plan-instead", "Its time has passed. " + (step.instead
        ? `Instead: ${actions[this.data.rules[step.instead].action].toLowerCase()} (see below).` : "Nothing else is due.")));
    }
    if (!rule || step.status === "done") return li;
    if (step.earliest !== step.latest) {
      li.append(el("p", "fug-plan-window", `Window: ${span(step)}`));
    }
    const why = el("p", "fug-plan-why");
    why.append(link(rule.title, rule.url), `: ${rule.summary}`);
    li.append(why);
    if (rule.template_url) {
      const t = el("p", "fug-plan-template", "Template: ");
      t.append(link(rule.template_title, rule.template_url));
      li.append(t);
    }
    return li;
  }

  axis(today, next) {
    const first = this.steps[0].date;
    const last = this.steps[this.steps.length - 1].date;
    const span = Math.max(parseDay(last) - parseDay(first), 1);
    const place = (node, isoDate) => {
      node.style.left = `${(100 * (parseDay(isoDate) - parseDay(first))) / span}%`;
      return node;
    };
    const marks = this.steps.map((s) => place(el("span", `fug-plan-axis-mark is-${s.status}${s === next ? " is-next" : ""}`), s.date));
    const box = this.section.querySelector(".fug-plan-axis");
    box.replaceChildren(el("span", "fug-plan-axis-line"), ...marks,
      el("span", "fug-plan-axis-label fug-plan-axis-label--start", dateWords(first)),
      el("span", "fug-plan-axis-label fug-plan-axis-label--end", dateWords(last)));
    if (today >= first && today <= last) box.append(place(el("span", "fug-plan-axis-today", "Today"), today));
  }

  name() { return this.field("name")?.value.trim() ?? ""; }

  text() {
    const { actions, channels } = this.data.words;
    return [`Follow-up plan for the interview on ${dateWords(this.raw.interview)}${this.name() ? ` (${this.name()})` : ""}`,
      ...this.steps.map((s) => {
        const rule = this.data.rules[s.rule];
        return `${dateWords(s.date)}: ${s.status === "planned" ? "" : `(${s.status}) `}${actions[s.action]}` +
          (s.channel ? ` (${channels[s.channel]})` : "") + (s.status === "done" || !rule ? ""
          : (s.earliest !== s.latest ? `, window ${span(s)}` : "") + `\n  ${rule.summary}\n  ${new URL(rule.url, SITE_ROOT).href}`);
      })].join("\n\n") + "\n";
  }

  copy() {
    // Plain-http pages have no navigator.clipboard: that too ends in the message.
    Promise.resolve().then(() => navigator.clipboard.writeText(this.text())).then(
      () => { this.status.textContent = "Plan copied. Paste it wherever you keep notes."; },
      () => { this.status.textContent = "Your browser did not allow copying; select the plan and copy it instead."; });
  }

  download() {
    const text = calendar(this.steps, this.data, { interview: this.raw.interview, name: this.name(), base: SITE_ROOT.href });
    const a = el("a");
    a.href = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
    a.download = `follow-up-plan-${this.raw.interview}.ics`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href));
    this.status.textContent = "Calendar file downloaded: open it to add the steps to your calendar.";
  }
}

function init() {
  for (const root of document.querySelectorAll("[data-fug-calculator]:not([data-fug-ready])")) {
    root.dataset.fugReady = "";
    // A submit before the data arrives is answered once it is here.
    let asked = false;
    root.querySelector("form").addEventListener("submit", () => {
      if (root.fugCalculator) root.fugCalculator.show(true);
      else asked = true;
    });
    loadData().then((data) => {
      root.fugCalculator = new Calculator(root, data);
      if (asked) root.fugCalculator.show(true);
      root.dataset.fugReady = "ready";
    }, () => {
      root.querySelector(".fug-calc-status").textContent = "The calculator could not load its dates; please reload the page.";
    });
  }
}

document$.subscribe(init);
// A bookmarked plan opened while on this page changes only the hash.
addEventListener("hashchange", () => document.querySelectorAll("[data-fug-calculator]").forEach((r) => r.fugCalculator?.fromUrl()));
