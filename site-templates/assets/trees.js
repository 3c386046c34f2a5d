// Decision trees: turns a tree page's static sections (one per question or outcome, each answer a
// plain link to the next section) into one question at a time. Everything shown comes from the
// page the build wrote; this file only reads data-* attributes and text, and writes textContent.
//
// State lives in the URL as the index of each answer from the start (?a=0.2.1), nothing else, so
// browser Back, reload and shared links all land on the same step.

// The URL of the last Back/Forward within a tree page. Material's instant navigation may answer
// such a step by fetching the page again (always on the first one after a full load), so the new
// page's init must still move focus and announce the step.
let poppedTo = null;

function readTree(root) {
  const nodes = new Map();
  for (const section of root.querySelectorAll(".fug-tree-node")) {
    nodes.set(section.dataset.node, {
      section,
      heading: section.querySelector(".fug-tree-heading"),
      question: section.classList.contains("fug-tree-question"),
      options: [...section.querySelectorAll(".fug-tree-option")].map((a) => ({
        label: a.textContent.trim(),
        next: a.dataset.next,
      })),
    });
  }
  return { root, start: root.dataset.start, nodes, pathname: location.pathname, ui: null };
}

// "#node-ask%20first" -> "ask first": the node a fragment names.
const nodeIn = (hash) => decodeURIComponent(hash.slice("#node-".length));

function answersInUrl() {
  const raw = new URLSearchParams(location.search).get("a");
  return raw && /^\d+(\.\d+)*$/.test(raw) ? raw.split(".").map(Number) : [];
}

// Follow the answers from the start as far as they are valid for this tree.
function walk(tree, answers) {
  const steps = [];
  let id = tree.start;
  for (const index of answers) {
    const node = tree.nodes.get(id);
    if (!node || !node.question || index >= node.options.length) break;
    steps.push({ id, index });
    id = node.options[index].next;
  }
  return { steps, current: id };
}

// The fewest answers that lead from the start to a node (for links to a node, e.g. in the overview).
function answersTo(tree, target) {
  const queue = [[tree.start, []]];
  const seen = new Set([tree.start]);
  while (queue.length) {
    const [id, answers] = queue.shift();
    if (id === target) return answers;
    const node = tree.nodes.get(id);
    (node && node.question ? node.options : []).forEach((option, index) => {
      if (!seen.has(option.next)) {
        seen.add(option.next);
        queue.push([option.next, answers.concat(index)]);
      }
    });
  }
  return null;
}

function urlFor(answers) {
  const url = new URL(location.href);
  url.hash = "";
  if (answers.length) url.searchParams.set("a", answers.join("."));
  else url.searchParams.delete("a");
  return url.href;
}

function go(tree, answers) {
  history.pushState(null, "", urlFor(answers));
  show(tree, true);
}

function button(text, className) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = text;
  return b;
}

// Build the controls once: answer buttons in place of the answer links, then Back / Start again and
// the "Your answers" list.
function enhance(tree) {
  for (const node of tree.nodes.values()) {
    node.section.querySelectorAll("a.fug-tree-option").forEach((link, index) => {
      const b = button(link.textContent.trim(), "fug-tree-option");
      b.dataset.answer = String(index);
      link.replaceWith(b);
    });
  }
  const panel = document.createElement("nav");
  panel.className = "fug-tree-answers";
  panel.setAttribute("aria-label", "Your answers");
  const heading = document.createElement("h2");
  heading.textContent = "Your answers";
  const list = document.createElement("ol");
  const controls = document.createElement("div");
  controls.className = "fug-tree-controls";
  const back = button("Back", "fug-tree-control fug-tree-back");
  const restart = button("Start again", "fug-tree-control fug-tree-restart");
  controls.append(back, restart);
  panel.append(controls, heading, list);
  const sections = tree.root.querySelectorAll(".fug-tree-node");
  sections[sections.length - 1].after(panel); // below the current step, so it stays in view first
  tree.ui = { panel, list, back, restart, status: tree.root.querySelector(".fug-tree-status") };

  tree.root.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const { steps, current } = walk(tree, answersInUrl());
    const answers = steps.map((s) => s.index);
    const option = target.closest("button.fug-tree-option");
    const change = target.closest("button[data-change]");
    // Instant navigation rewrites relative links to absolute ones, so compare the resolved path.
    const link = target.closest('a[href*="#node-"]');
    const linked = link && link.pathname === location.pathname ? link.hash : "";
    if (option && option.closest(".fug-tree-node").dataset.node === current) {
      go(tree, answers.concat(Number(option.dataset.answer)));
    } else if (change) {
      go(tree, answers.slice(0, Number(change.dataset.change)));
    } else if (target.closest(".fug-tree-back")) {
      go(tree, answers.slice(0, -1));
    } else if (target.closest(".fug-tree-restart")) {
      go(tree, []);
    } else if (linked) {
      // A link to a node (overview, "Start again"): go there in place. Stop the event so
      // instant navigation does not also handle it as an anchor jump.
      const path = answersTo(tree, nodeIn(linked));
      if (path) {
        event.preventDefault();
        event.stopPropagation();
        go(tree, path);
      }
    }
  });
}

// Show the step the URL names; move focus to it and announce it when the reader caused the change.
function show(tree, moved) {
  const wanted = answersInUrl();
  const { steps, current } = walk(tree, wanted);
  if (steps.length !== wanted.length) history.replaceState(null, "", urlFor(steps.map((s) => s.index)));
  for (const [id, node] of tree.nodes) node.section.hidden = id !== current;

  const { panel, list, back, restart, status } = tree.ui;
  list.replaceChildren(...steps.map((step, i) => {
    const node = tree.nodes.get(step.id);
    const item = document.createElement("li");
    const question = document.createElement("span");
    question.className = "fug-tree-answered-q";
    question.textContent = node.heading.textContent.trim();
    const answer = document.createElement("strong");
    answer.textContent = node.options[step.index].label;
    const change = button("change", "fug-tree-change");
    change.dataset.change = String(i);
    change.setAttribute("aria-label", `Change your answer to: ${question.textContent}`);
    item.append(question, " ", answer, " ", change);
    return item;
  }));
  panel.hidden = steps.length === 0;

  const node = tree.nodes.get(current);
  if (!moved) return;
  const text = node.heading.textContent.trim();
  status.textContent = node.question ? `Question ${steps.length + 1}: ${text}` : `Our answer: ${text}`;
  node.heading.focus();
}

function init() {
  for (const root of document.querySelectorAll(".fug-tree[data-start]")) {
    if (root.fugTree) continue; // instant navigation may hand us the same element again
    const tree = readTree(root);
    root.fugTree = tree;
    enhance(tree);
    root.classList.add("fug-tree--js");
    // A link to one node (#node-…, e.g. from a page without JavaScript) opens that node in place.
    const target = location.hash.startsWith("#node-") && !answersInUrl().length
      ? answersTo(tree, nodeIn(location.hash)) : null;
    if (target) history.replaceState(null, "", urlFor(target));
    show(tree, poppedTo === location.href);
  }
  poppedTo = null;
}

// Back and Forward within a tree page change only the query string: re-read it.
window.addEventListener("popstate", () => {
  const tree = document.querySelector(".fug-tree--js")?.fugTree;
  if (tree && tree.pathname === location.pathname) {
    poppedTo = location.href;
    show(tree, true);
  }
});

document$.subscribe(init);
