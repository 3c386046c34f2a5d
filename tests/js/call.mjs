// Calls one exported function of a site module for each argument list read as JSON on stdin:
// {"module": "plan.js", "fn": "plan", "prefix": [shared args], "calls": [[args], ...]}.
// Prints the JSON list of results; a call that throws gives {"thrown": message} instead.
let input = "";
for await (const chunk of process.stdin) input += chunk;
const { module, fn, prefix = [], calls } = JSON.parse(input);
const mod = await import(new URL(`../../site-templates/assets/${module}`, import.meta.url));
const results = calls.map((args) => {
  try {
    const value = mod[fn](...prefix, ...args);
    return value === undefined ? null : value;
  } catch (err) {
    return { thrown: String(err && err.message ? err.message : err) };
  }
});
process.stdout.write(JSON.stringify(results));
