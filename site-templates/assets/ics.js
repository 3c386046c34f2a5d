// A plan as an RFC 5545 calendar, built in the browser: all-day events with reminders, CRLF line
// ends, lines folded at 75 octets (never inside a character), TEXT escaped.
import { iso, parseDay } from "./plan.js";

const compact = (isoDate) => isoDate.replaceAll("-", "");

// Control characters other than line breaks have no place in TEXT: dropped.
const escapeText = (text) =>
  String(text).replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n").replace(/[\u0000-\u001f\u007f]/g, "");

const octets = (cp) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

function fold(line) {
  let out = "";
  let used = 0;
  for (const ch of line) {
    const n = octets(ch.codePointAt(0));
    if (used + n > 75) {
      out += "\r\n ";
      used = 1;  // the leading space of a continuation line counts
    }
    out += ch;
    used += n;
  }
  return out;
}

const nextDay = (isoDate) => compact(iso(parseDay(isoDate) + 1));

function hash(text) {  // FNV-1a: stable UIDs, so importing the same plan again updates its events
  let h = 0x811c9dc5;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

// steps: plan() output (only the steps still to do become events); inputs: {interview, name}; base: the site's root URL; now: a Date.
export function calendar(steps, data, { interview, name = "", base, now = new Date() }) {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
  const label = name.trim();
  const key = hash(`${interview}|${label}`);
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", `PRODID:${data.ics.prodid}`, "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
  for (const s of steps.filter((s) => s.status === "planned")) {  // done and missed steps are not reminders
    const rule = data.rules[s.rule];
    const link = new URL(rule.url, base).href;
    const what = data.words.actions[s.action] + (label ? ` – ${label}` : "");
    const about = [rule.title, rule.summary, link];
    if (rule.template_url) about.push(`${rule.template_title}: ${new URL(rule.template_url, base).href}`);
    lines.push("BEGIN:VEVENT", `UID:${compact(s.date)}-${s.action}-${s.rule}-${key}@${data.ics.domain || "follow-up-guide"}`,
      `DTSTAMP:${stamp}`, `DTSTART;VALUE=DATE:${compact(s.date)}`, `DTEND;VALUE=DATE:${nextDay(s.date)}`,
      `SUMMARY:${escapeText(what)}`, `DESCRIPTION:${escapeText(about.join("\n"))}`, `URL:${link}`,
      "BEGIN:VALARM", "ACTION:DISPLAY", `DESCRIPTION:${escapeText(what)}`, `TRIGGER:${data.ics.alarm}`, "END:VALARM",
      "END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}
