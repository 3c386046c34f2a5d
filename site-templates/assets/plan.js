// The calculator: a line-by-line twin of generator/calculator/plan.py, reading only
// calculator-data.json. In words: docs/design/calculator.md. Dates: day numbers; Date only via UTC.

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const MS_PER_DAY = 864e5;

class InputProblem extends Error {
  constructor(key, params = {}) { super(key); this.key = key; this.params = params; }
}
class OutsideHolidays extends Error {}

function message(data, key, params = {}) {
  return data.messages[key].replace(/\{(\w+)\}/g, (_, k) => String(params[k]));
}

export function parseDay(text) {
  const m = ISO_DATE.exec(text);
  if (!m) throw new InputProblem("format");
  const [y, mo, d] = m.slice(1).map(Number);
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);  // rolls 2026-02-30 over to March, so compare on the way back
  const day = Math.round(t.getTime() / MS_PER_DAY);
  if (y < 1 || iso(day) !== text) throw new InputProblem("impossible", { value: text });
  return day;
}

export function iso(day) {
  const t = new Date(day * MS_PER_DAY);
  const pad = (n, w) => String(n).padStart(w, "0");
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1, 2)}-${pad(t.getUTCDate(), 2)}`;
}

export const weekday = (day) => (((day + 3) % 7) + 7) % 7;  // 0 = Monday; 1970-01-01 was a Thursday

class Calendar {
  constructor(weekend, holidays = new Set(), start = null, end = null) {
    Object.assign(this, { weekend: new Set(weekend), holidays, start, end });
  }
  isBusiness(day) {
    if (this.start !== null && !(this.start <= day && day <= this.end)) throw new OutsideHolidays();
    return !this.weekend.has(weekday(day)) && !this.holidays.has(day);
  }
  shift(day, amount, unit, direction) {
    if (unit === "days") return day + direction * amount;
    for (let i = 0; i < amount; i++) {
      day += direction;
      while (!this.isBusiness(day)) day += direction;
    }
    return day;
  }
  roll(day, direction) {
    while (!this.isBusiness(day)) day += direction;
    return day;
  }
}

function calendarFor(data, country) {
  if (!country) return new Calendar(data.default_weekend);
  const c = data.countries.find((c) => c.code === country);
  return new Calendar(c.weekend, new Set(c.holidays.map(parseDay)), parseDay(data.holiday_range.from),
    parseDay(data.holiday_range.to));
}

const entries = (value) => (Array.isArray(value) ? value : String(value || "").split(","))
  .map((i) => (i ? String(i).trim() : "")).filter((i) => i);

function readInputs(data, raw) {
  const errors = {};
  const days = {};
  const parsed = (field, text) => {
    try {
      return parseDay(text);
    } catch (p) {
      errors[field] = message(data, p.key, p.params);
    }
    return null;
  };
  const dayOf = (field, requiredKey = null) => {
    const text = raw[field] || "";
    days[field] = null;
    if (!text) {
      if (requiredKey) errors[field] = message(data, requiredKey);
      return;
    }
    days[field] = parsed(field, text);
  };
  dayOf("today", "format");
  dayOf("interview", "required");
  dayOf("promised");
  dayOf("offer_deadline");
  const today = days.today;
  for (const field of ["interview", "promised", "offer_deadline"]) {
    if (today !== null && days[field] !== null && Math.abs(days[field] - today) > data.max_days_away) {
      errors[field] = message(data, "too_far", { today: iso(today) });
      days[field] = null;
    }
  }
  const { interview, promised, offer_deadline: deadline } = days;
  if (interview !== null && promised !== null && promised < interview) {
    errors.promised = message(data, "promised_before_interview", { interview: iso(interview) });
  }
  if (interview !== null && deadline !== null && deadline < interview) {
    errors.offer_deadline = message(data, "offer_before_interview", { interview: iso(interview) });
  } else if (today !== null && deadline !== null && deadline < today) {
    errors.offer_deadline = message(data, "offer_passed");
  }
  const country = raw.country || null;
  if (country !== null && !data.countries.some((c) => c.code === country)) {
    errors.country = message(data, "unknown_country", { codes: data.countries.map((c) => c.code).join(", ") });
  }
  const said = raw.they_said || "nothing";
  if (!data.they_said.includes(said)) {
    errors.they_said = message(data, "unknown_said", { choices: data.they_said.join(", ") });
  } else if (said !== "nothing" && interview !== null && today !== null && interview > today) {
    errors.they_said = message(data, "said_before_interview", { nothing: data.they_said_words.nothing });
  } else if (said === "new-date" && promised === null && !("promised" in errors)) {
    errors.promised = message(data, "new_date_needed");
  }
  const history = [];
  for (const [field, action] of [["thank_you_sent", "thank-you"], ["followed_up", "follow-up"], ["called", "call"]]) {
    for (const entry of entries(raw[field])) {
      const cut = entry.indexOf(":");
      const text = cut < 0 ? entry : entry.slice(0, cut);
      const channel = action === "call" ? "phone" : (cut < 0 ? "" : entry.slice(cut + 1)) || "email";
      if (!Object.hasOwn(data.words.channels, channel)) {
        errors[field] = message(data, "unknown_channel", { channels: Object.keys(data.words.channels).join(", ") });
        continue;
      }
      const d = parsed(field, text);
      if (d === null) continue;
      if (interview !== null && d < interview) errors[field] = message(data, "before_interview", { interview: iso(interview) });
      else if (today !== null && d > today) errors[field] = message(data, "in_future", { today: iso(today) });
      else history.push({ action, day: d, channel });
    }
  }
  if (Object.keys(errors).length) return [null, errors];
  history.sort(by((c) => [c.day, c.action]));
  return [{ interview, promised, offer_deadline: deadline, country, recruiter: !!raw.recruiter, they_said: said,
    history, today }, {}];
}

export function situation(data, inputs) {
  const said = data.they_said_facts[inputs.they_said];
  const done = new Set(inputs.history.map((c) => c.action));
  const outcome = said.outcome || "pending";
  const stages = outcome !== "pending" ? ["after_decision"]
    : (inputs.interview >= inputs.today && !done.size ? ["at_interview"] : [])
      .concat(done.has("thank-you") ? [] : ["after_interview"], ["waiting"]);
  const facts = {
    stage: stages,
    outcome: [outcome],
    timeline_given: [inputs.promised !== null],
    told_we_will_call: [!!said.told_we_will_call],
    recruiter: [inputs.recruiter],
    competing_offer: [inputs.offer_deadline !== null ? "written" : "none"],
    still_interviewing: [!!said.still_interviewing],
    contacted_recently: [true, false],
    thank_you_sent: [done.has("thank-you")],
    followed_up: [done.has("follow-up")],
    called: [inputs.history.some((c) => c.channel === "phone")],
  };
  if (inputs.promised !== null) facts.promised_date = ["not_reached", "passed"];
  return facts;
}

const applies = (when, facts) =>
  Object.entries(when).every(([fact, values]) => fact in facts && values.some((v) => facts[fact].includes(v)));

function sources(data, facts) {
  const rules = data.rules;
  const fit = Object.keys(rules).sort().filter((rid) => applies(rules[rid].when, facts));
  const overriders = {};
  for (const rid of fit) overriders[rid] = fit.filter((o) => rules[o].overrides.includes(rid));
  const out = [];
  for (const rid of fit) {
    const timed = rules[rid].timing !== null;
    const by = overriders[rid];
    if (!by.length) {
      const takesOver = rules[rid].overrides.some((t) => takeoverTarget(rules, t, overriders));
      if (timed || !takesOver) out.push({ rule: rid, timing: timed ? rid : null });
    } else if (takeoverTarget(rules, rid, overriders)) {
      for (const u of by) if (!overriders[u].length) out.push({ rule: u, timing: rid });
    }
  }
  return out;
}

const takeoverTarget = (rules, rid, overriders) =>
  rid in overriders && rules[rid].timing !== null && overriders[rid].length > 0 &&
  overriders[rid].every((o) => rules[o].timing === null);

function channelFor(data, ruleId, facts) {
  const allowed = data.rules[ruleId].channels;
  const policy = data.channel_policy;
  if (allowed.length > 1) {
    for (const decider of policy.deciders) {
      const values = facts[decider.fact] || [];
      if (values.length === 1 && typeof values[0] === "string" && Object.hasOwn(decider.channels, values[0])) {
        const pick = decider.channels[values[0]].filter((c) => allowed.includes(c));
        if (pick.length) return pick[0];
      }
    }
    if (allowed.includes(policy.default)) return policy.default;
  }
  return allowed.length ? allowed[0] : null;
}

function compare(a, b) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}
const by = (key) => (a, b) => compare(key(a), key(b));

export const isContact = (channel) => channel !== null && channel !== "in_person";

function stageRank(data, ruleId, facts) {
  const stages = data.vocab.stages;
  const wanted = data.rules[ruleId].when.stage || facts.stage;
  const ranks = wanted.filter((s) => facts.stage.includes(s)).map((s) => stages.indexOf(s));
  return ranks.length ? Math.min(...ranks) : stages.length;
}

function minGap(data, src) {
  const t = data.rules[src.timing].timing;
  return t.earliest * (t.unit === "business_days" ? data.days_per_business_day : 1);
}

export function sequence(data, facts, callsMade = null) {
  const rules = data.rules;
  const actions = data.vocab.actions;
  const srcs = sources(data, facts);
  const relative = srcs.filter((s) => s.timing && rules[s.timing].timing.anchor === "last_contact");
  const fixed = srcs.filter((s) => !relative.includes(s));
  const chosen = new Map();
  for (const s of [...fixed].sort(by((s) => [stageRank(data, s.rule, facts), s.rule, s.timing || ""]))) {
    if (!chosen.has(rules[s.rule].action)) chosen.set(rules[s.rule].action, s);
  }
  const gaps = new Map();
  for (const s of [...relative].sort(by((s) => [stageRank(data, s.rule, facts), s.rule, s.timing]))) {
    const action = rules[s.rule].action;
    if (chosen.has(action) && s.rule !== chosen.get(action).rule) {
      const current = gaps.get(action);
      if (!current || minGap(data, s) > minGap(data, current)) gaps.set(action, s);
    } else if (!chosen.has(action)) {
      chosen.set(action, s);
    }
  }
  const done = new Set([["thank-you", "thank_you_sent"], ["follow-up", "followed_up"]]
    .filter(([, fact]) => facts[fact] && facts[fact].length === 1 && facts[fact][0] === true).map(([a]) => a));
  const order = [...chosen.values()].sort(by((s) => [stageRank(data, s.rule, facts), actions.indexOf(rules[s.rule].action), s.rule]));
  const folded = new Map();
  for (const a of order) {
    for (const b of order) {
      const t = rules[a.rule].template;
      if (a.rule !== b.rule && t && (data.templates[t] || []).includes(b.rule)) folded.set(b.rule, a.rule);
    }
  }
  const skipped = new Set([...folded].filter(([, a]) => !folded.has(a)).map(([b]) => b));
  const steps = [];
  let calls = callsMade !== null ? callsMade : Number(!!facts.called && facts.called.length === 1 && facts.called[0] === true);
  for (const s of order) {
    const action = rules[s.rule].action;
    if (skipped.has(s.rule)) continue;
    if (action === "ask-timeline" && (done.has("follow-up") || steps.some((n) => n.action === "follow-up"))) continue;
    const channel = channelFor(data, s.rule, facts);
    if (channel === "phone" && !done.has(action)) {
      if (data.channel_policy.max_calls !== null && calls >= data.channel_policy.max_calls) continue;
      calls += 1;
    }
    const also = [...folded.keys()].filter((b) => skipped.has(b) && folded.get(b) === s.rule);
    steps.push({ action, source: s, channel, done: done.has(action), also, gap: gaps.get(action) || null });
    if (action === "move-on") break;
  }
  return steps;
}

class Planner {
  constructor(data, inputs) {
    Object.assign(this, { data, inputs, rules: data.rules, cal: calendarFor(data, inputs.country),
      facts: situation(data, inputs) });
  }

  window(src, lastContact) {
    const i = this.inputs;
    if (src.timing === null) {
      const d = this.cal.roll(Math.max(i.interview, i.today), 1);
      return [d, d, d];
    }
    const t = this.rules[src.timing].timing;
    const anchor = { interview: i.interview, promised_date: i.promised, offer_deadline: i.offer_deadline,
      last_contact: lastContact === null ? i.interview : lastContact }[t.anchor];
    if (anchor === null) return null;
    const direction = t.anchor === "offer_deadline" ? -1 : 1;
    const [near, far] = direction === 1 ? [t.earliest, t.latest] : [t.latest, t.earliest];
    const e = this.cal.shift(anchor, near, t.unit, direction);
    let d = this.cal.roll(this.cal.shift(anchor, t.recommended, t.unit, direction), direction);
    const l = this.cal.shift(anchor, far, t.unit, direction);
    if (d < i.interview) d = this.cal.roll(i.interview, 1);
    return [Math.min(Math.max(e, i.interview), d), d, Math.max(l, d)];
  }

  plan() {
    const i = this.inputs;
    const calls = i.history.filter((c) => c.channel === "phone").length;
    const seq = sequence(this.data, this.facts, calls);
    const ruleOf = {};
    for (const n of seq) ruleOf[n.action] = n.source.rule;
    const step = (action, rule, earliest, date, latest, channel, template, status, also = [], instead = null) =>
      ({ action, rule, earliest, date, latest, channel, template, status, also, instead });
    const out = i.history.map((c) => step(c.action, ruleOf[c.action] || null, c.day, c.day, c.day, c.channel, null, "done"));
    let last = i.history.length ? i.history[i.history.length - 1].day : null;
    let floor = i.today;
    const missed = [];
    for (const n of seq) {
      const rule = this.rules[n.source.rule];
      const w = this.window(n.source, last);
      const relative = n.source.timing !== null && this.rules[n.source.timing].timing.anchor === "last_contact";
      if (n.done) {
        if (w !== null && !relative) floor = Math.max(floor, w[0]);
        continue;
      }
      if (w === null) continue;
      let [e, d, l] = w;
      if (l < i.today && !relative) {
        missed.push(out.length);
        out.push(step(n.action, n.source.rule, e, d, l, n.channel, rule.template, "missed", n.also));
        if (n.action !== this.data.late_action) continue;
        e = d = l = i.today;
      }
      d = Math.max(d, floor);
      let lower = i.today;
      if (isContact(n.channel) && last !== null) {
        lower = Math.max(i.today, last + 1);
        d = Math.max(d, lower);
        if (n.gap) {
          const t = this.rules[n.gap.timing].timing;
          d = Math.max(d, this.cal.shift(last, t.earliest, t.unit, 1));
        }
      }
      d = this.cal.roll(d, 1);
      out.push(step(n.action, n.source.rule, Math.min(Math.max(e, i.today, lower), d), d, Math.max(l, d), n.channel,
        rule.template, "planned", n.also));
      floor = d;
      if (isContact(n.channel)) last = d;
    }
    const ahead = out.find((s) => s.status === "planned");
    for (const k of missed) out[k].instead = ahead ? ahead.rule : null;
    const rank = { done: 0, missed: 1, planned: 2 };
    return out.sort(by((s) => [s.date, rank[s.status]]));
  }
}

const asJson = (s) => ({ action: s.action, date: iso(s.date), earliest: iso(s.earliest), latest: iso(s.latest),
  rule: s.rule, template: s.template, channel: s.channel, status: s.status, also: s.also, instead: s.instead });

export function plan(data, raw) {
  const [inputs, errors] = readInputs(data, raw);
  if (!inputs) return { errors };
  try {
    return { steps: new Planner(data, inputs).plan().map(asJson) };
  } catch (err) {
    if (!(err instanceof OutsideHolidays)) throw err;
    const c = data.countries.find((c) => c.code === inputs.country);
    const r = data.holiday_range;
    return { errors: { country: message(data, "no_holidays", { country: c.name, start: r.from, end: r.to }) } };
  }
}
