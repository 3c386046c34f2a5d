// Message templates: fill in the fields, watch the preview, then copy the text or open it in an
// email app. The page carries everything (see _message.html.j2); what the reader types stays in
// the page, and in localStorage only when they tick "remember". Typed values are only ever set as
// textContent, never parsed as HTML. The copied text must equal generator.messages.fill().

const STORE = "fug-message-details";

function stored() {
  try {
    const values = JSON.parse(localStorage.getItem(STORE));
    return values && typeof values === "object" ? values : null;
  } catch {
    return null;
  }
}

function store(values) {
  try {
    localStorage.setItem(STORE, JSON.stringify(values));
    return true;
  } catch {
    return false; // storage blocked or full: the page still works, it just forgets
  }
}

function unstore() {
  try {
    localStorage.removeItem(STORE);
  } catch {
    // nothing was stored
  }
}

// Text as shown: hidden parts (the options not chosen) are left out.
function shownText(node) {
  let text = "";
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) text += child.data;
    else if (child.nodeType === Node.ELEMENT_NODE && !child.hidden) text += shownText(child);
  }
  return text;
}

// One span per line; a hidden line (an empty optional field) is left out, as fill() does.
function previewText(preview) {
  return [...preview.querySelectorAll(":scope > .fug-line")]
    .filter((line) => !line.hidden)
    .map(shownText)
    .join("\n");
}

const inPlay = (slot) => !slot.closest("[data-option][hidden]");

function values(block) {
  const out = {};
  for (const input of block.querySelectorAll("input[data-field]")) out[input.dataset.field] = input.value.trim();
  return out;
}

function mailtoHref(block) {
  const subject = previewText(block.querySelector(".fug-subject"));
  // Email bodies in URLs take CRLF line breaks (RFC 6068).
  const body = previewText(block.querySelector(".fug-body")).replace(/\n/g, "\r\n");
  return `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}

function update(block) {
  const typed = values(block);
  for (const group of block.querySelectorAll(".fug-alt")) {
    const chosen = block.querySelector(`input[data-alt="${group.dataset.alt}"]:checked`);
    for (const option of group.querySelectorAll(":scope > [data-option]")) {
      option.hidden = option.dataset.option !== (chosen ? chosen.value : "0");
    }
  }
  for (const slot of block.querySelectorAll(".fug-slot")) {
    const value = typed[slot.dataset.field] || "";
    slot.textContent = value || slot.dataset.empty;
    slot.classList.toggle("fug-unfilled", !value);
  }
  for (const line of block.querySelectorAll(".fug-line[data-optional]")) {
    line.hidden = !typed[line.dataset.optional];
  }
  // A field that only an unchosen option uses is set aside with it.
  for (const input of block.querySelectorAll("input[data-field]")) {
    const slots = [...block.querySelectorAll(`.fug-slot[data-field="${input.dataset.field}"]`)];
    input.closest(".fug-field").hidden = slots.length > 0 && !slots.some(inPlay);
  }
  const mailto = block.querySelector("[data-mailto]");
  if (mailto) mailto.href = mailtoHref(block);
}

function say(element, message, warning = false) {
  element.classList.toggle("fug-warning", warning);
  element.textContent = message;
}

// Labels of required fields still empty in the given parts of the preview.
function missing(block, parts) {
  const labels = [];
  for (const part of parts) {
    for (const slot of part.querySelectorAll(".fug-slot.fug-unfilled")) {
      const input = block.querySelector(`input[data-field="${slot.dataset.field}"]`);
      if (inPlay(slot) && input && input.required && !labels.includes(input.dataset.label)) {
        labels.push(input.dataset.label);
      }
    }
  }
  return labels;
}

// The first press with required fields empty only warns; pressing again goes ahead.
function goAhead(block, action, parts) {
  const labels = missing(block, parts);
  if (labels.length && block.dataset.armed !== action) {
    block.dataset.armed = action;
    say(block.querySelector(".fug-status"),
      `Still empty: ${labels.join(", ")}. Fill ${labels.length > 1 ? "them" : "it"} in, ` +
      "or press the same button again to use the text as it is.", true);
    return false;
  }
  delete block.dataset.armed;
  return true;
}

function legacyCopy(text) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "fug-offscreen";
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return legacyCopy(text);
  }
}

const COPIED = {
  body: "Copied. Paste it where you write your message.",
  subject: "Copied the subject line. Paste it into the subject of your email.",
};

function setUp(block) {
  block.dataset.fugReady = "";
  const status = block.querySelector(".fug-status");
  const parts = { body: block.querySelector(".fug-body"), subject: block.querySelector(".fug-subject") };
  const remembered = stored() || {};
  for (const input of block.querySelectorAll("input[data-field]")) {
    if (!input.value && remembered[input.dataset.field]) input.value = remembered[input.dataset.field];
  }
  block.addEventListener("input", (event) => {
    delete block.dataset.armed;
    if (event.target.matches("input[data-field]")) rememberField(event.target);
    update(block);
  });
  block.addEventListener("change", () => update(block));
  for (const button of block.querySelectorAll("[data-copy]")) {
    button.addEventListener("click", async () => {
      const which = button.dataset.copy;
      if (!goAhead(block, which, [parts[which]])) return;
      const copied = await copyText(previewText(parts[which]));
      button.focus(); // the fallback's text area took focus
      say(status, copied ? COPIED[which] : "Your browser would not let us copy. Select the preview text and copy it yourself.", !copied);
    });
  }
  const mailto = block.querySelector("[data-mailto]");
  if (mailto) {
    mailto.addEventListener("click", (event) => {
      if (goAhead(block, "mailto", [parts.subject, parts.body])) say(status, "Opening your email app.");
      else event.preventDefault();
    });
  }
  update(block);
}

function rememberField(input) {
  const saved = stored();
  if (!saved) return; // remembering is off
  const value = input.value.trim();
  if (value) saved[input.dataset.field] = value;
  else delete saved[input.dataset.field];
  store(saved);
}

// Every switch on the page shows the same state (each template block may carry one).
function showRemembering(on) {
  for (const box of document.querySelectorAll("[data-remember]")) box.checked = on;
}

function setUpRemember(controls) {
  controls.dataset.fugReady = "";
  const box = controls.querySelector("[data-remember]");
  const status = controls.querySelector(".fug-remember-status");
  box.checked = stored() !== null;
  box.addEventListener("change", () => {
    showRemembering(box.checked);
    if (!box.checked) {
      unstore();
      say(status, "This browser will not remember your details.");
      return;
    }
    const saved = {};
    for (const block of document.querySelectorAll(".fug-message")) {
      for (const [field, value] of Object.entries(values(block))) if (value) saved[field] = value;
    }
    const kept = store(saved);
    say(status, kept ? "This browser will remember what you type, until you press “Forget my details”."
      : "This browser does not allow remembering details.", !kept);
  });
  controls.querySelector("[data-forget]").addEventListener("click", () => {
    unstore();
    showRemembering(false);
    for (const block of document.querySelectorAll(".fug-message")) {
      for (const input of block.querySelectorAll("input[data-field]")) input.value = "";
      delete block.dataset.armed;
      update(block);
    }
    say(status, "Forgotten: your details are cleared from this page and this browser.");
  });
}

function init() {
  // Normally set before the first paint (overrides/main.html); here too in case that script could not run.
  document.documentElement.classList.add("fug-js");
  for (const block of document.querySelectorAll(".fug-message:not([data-fug-ready])")) setUp(block);
  for (const controls of document.querySelectorAll(".fug-remember:not([data-fug-ready])")) setUpRemember(controls);
}

// Material's instant navigation swaps the page without reloading scripts; document$ emits for each page.
document$.subscribe(init);
