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

function readInputs(data, raw) {
  const errors = {};
  const days = {};
  const dayOf = (field, requiredKey = null) => {
    const text = raw[field] || "";
    days[field] = null;
    if (!text) {
      if (requiredKey) errors[field] = message(data, requiredKey);
      return;
    }
    try {
      days[field] = parseDay(text);
    } catch (p) {
      errors[field] = message(data, p.key, p.params);
    }
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
  if (Object.keys(errors).length) return [null, errors];
  return [{ interview, promised, offer_deadline: deadline, country, recruiter: !!raw.recruiter,
    we_will_call: !!raw.we_will_call, still_interviewing: !!raw.still_interviewing, today }, {}];
}

function situation(inputs) {
  const facts = {
    stage: (inputs.interview >= inputs.today ? ["at_interview"] : []).concat(["after_interview", "waiting"]),
    outcome: ["pending"],
    timeline_given: [inputs.promised !== null],
    told_we_will_call: [inputs.we_will_call],
    recruiter: [inputs.recruiter],
    competing_offer: [inputs.offer_deadline !== null ? "written" : "none"],
    still_interviewing: [inputs.still_interviewing],
    contacted_recently: [true, false],
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

function compare(a, b) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}
const by = (key) => (a, b) => compare(key(a), key(b));

class Planner {
  constructor(data, inputs) {
    Object.assign(this, { data, inputs, rules: data.rules, cal: calendarFor(data, inputs.country),
      actions: data.vocab.actions, stages: data.vocab.stages, facts: situation(inputs) });
    this.order = by((s) => [s.date, this.actions.indexOf(s.action), s.rule]);
  }

  anchorDay(anchor, lastContact) {
    const i = this.inputs;
    return { interview: i.interview, promised_date: i.promised, offer_deadline: i.offer_deadline,
      last_contact: lastContact === null ? i.interview : lastContact }[anchor];
  }

  dated(src, lastContact = null) {
    const rule = this.rules[src.rule];
    const interview = this.inputs.interview;
    let e, d, l;
    if (src.timing === null) {
      e = d = l = this.cal.roll(Math.max(interview, this.inputs.today), 1);
    } else {
      const t = this.rules[src.timing].timing;
      const anchor = this.anchorDay(t.anchor, lastContact);
      if (anchor === null) return null;
      const direction = t.anchor === "offer_deadline" ? -1 : 1;
      const [near, far] = direction === 1 ? [t.earliest, t.latest] : [t.latest, t.earliest];
      e = this.cal.shift(anchor, near, t.unit, direction);
      d = this.cal.roll(this.cal.shift(anchor, t.recommended, t.unit, direction), direction);
      l = this.cal.shift(anchor, far, t.unit, direction);
      if (d < interview) d = this.cal.roll(interview, 1);
      e = Math.min(Math.max(e, interview), d);
      l = Math.max(l, d);
    }
    return { action: rule.action, rule: src.rule, timing: src.timing, earliest: e, date: d, latest: l,
      channel: rule.channel, template: rule.template };
  }

  stageRank(ruleId) {
    const wanted = this.rules[ruleId].when.stage || this.facts.stage;
    return Math.min(...wanted.filter((s) => this.facts.stage.includes(s)).map((s) => this.stages.indexOf(s)));
  }

  gapOk(step, limit, last) {
    if (!limit || !last) return true;
    const t = this.rules[limit.timing].timing;
    return step.date >= this.cal.shift(last.date, t.earliest, t.unit, 1);
  }

  minGap(src) {
    const t = this.rules[src.timing].timing;
    return t.earliest * (t.unit === "business_days" ? this.data.days_per_business_day : 1);
  }

  plan() {
    const srcs = sources(this.data, this.facts);
    const relative = srcs.filter((s) => s.timing && this.rules[s.timing].timing.anchor === "last_contact");
    const fixed = srcs.filter((s) => !relative.includes(s));
    const fixedSteps = fixed.map((s) => this.dated(s)).filter((st) => st !== null);
    const chosen = new Map();
    fixedSteps.sort(by((st) => [st.date, this.stageRank(st.rule), st.rule, st.timing || ""]));
    for (const st of fixedSteps) if (!chosen.has(st.action)) chosen.set(st.action, st);
    const limits = new Map();
    const later = new Map();
    relative.sort(by((s) => [this.stageRank(s.rule), s.rule, s.timing]));
    for (const s of relative) {
      const action = this.rules[s.rule].action;
      if (chosen.has(action)) {
        const current = limits.get(action);
        if (!current || this.minGap(s) > this.minGap(current)) limits.set(action, s);
      } else if (!later.has(action)) {
        later.set(action, s);
      }
    }

    const pending = [...chosen.values()].sort(this.order);
    const done = [];
    let last = null;
    while (pending.length) {
      const step = pending.shift();
      const limit = limits.get(step.action);
      if (!this.gapOk(step, limit, last)) {
        pending.push(this.dated(limit, last.date));
        pending.sort(this.order);
        continue;
      }
      done.push(step);
      if (step.channel) last = step;
    }
    for (const action of this.actions) {
      if (later.has(action)) {
        const step = this.dated(later.get(action), last ? last.date : null);
        done.push(step);
        if (step.channel) last = step;
      }
    }
    return done.sort(this.order);
  }
}

const asJson = (s) => ({ action: s.action, date: iso(s.date), earliest: iso(s.earliest), latest: iso(s.latest),
  rule: s.rule, template: s.template, channel: s.channel });

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
