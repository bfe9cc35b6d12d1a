// The wflint playground: a CodeMirror editor whose findings, hover,
// completion, quick fixes and formatting come from wflint compiled to
// WebAssembly (wflint.wasm, package internal/playground/wasm). Nothing
// leaves the page: the only requests are for the page's own files.
import {EditorView, keymap, hoverTooltip, drawSelection, highlightSpecialChars} from "@codemirror/view";
import {EditorState} from "@codemirror/state";
import {history, historyKeymap, defaultKeymap} from "@codemirror/commands";
import {setDiagnostics, lintKeymap} from "@codemirror/lint";
import {autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap} from "@codemirror/autocomplete";
import {syntaxHighlighting, defaultHighlightStyle, bracketMatching} from "@codemirror/language";
import {rulesLanguage} from "./language.js";
import {renderMarkdown} from "./markdown.js";

const $ = (id) => document.getElementById(id);
const example = `http.host eq 'www.example.com' and http.request.uri.path contains "/admin"`;

// Timings, in milliseconds from navigation (performance.now), for the
// browser test and the curious: firstFindings is when the first findings
// were on the page; check and update the last durations of the wasm
// check call and of the whole update (check, squiggles, list); loaded
// when the wasm was compiled and ready when it could be called.
const timings = (window.wflintTimings = {firstFindings: null, loaded: null, ready: null, check: [], update: []});
const keep = (a, v) => { a.push(v); if (a.length > 200) a.shift(); };

// The link: #e=EXPR&p=PROFILE&r=ROLE&ph=PHASE, form-encoded
// (URLSearchParams); the defaults (rules, filter, no phase) are left out.
function readFragment() {
  const p = new URLSearchParams(location.hash.slice(1));
  return {expr: p.get("e") ?? example, profile: p.get("p") || "rules", role: p.get("r") || "filter", phase: p.get("ph") || ""};
}

function fragmentOf(expr, o) {
  const p = new URLSearchParams();
  p.set("e", expr);
  if (o.profile !== "rules") p.set("p", o.profile);
  if (o.role !== "filter") p.set("r", o.role);
  if (o.phase) p.set("ph", o.phase);
  return "#" + p.toString();
}

const options = () => ({profile: $("profile").value, role: $("role").value, phase: $("phase").value});
const api = () => window.wflint;
const status = (text) => { $("status").textContent = text; };

let scheduled = false;
const schedule = () => {
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(() => { scheduled = false; refresh(); });
};

const view = new EditorView({
  parent: $("editor"),
  state: EditorState.create({
    doc: readFragment().expr,
    extensions: [
      highlightSpecialChars(), history(), drawSelection(), bracketMatching(), closeBrackets(),
      rulesLanguage, syntaxHighlighting(defaultHighlightStyle, {fallback: true}),
      EditorView.lineWrapping,
      // Tab is left to the browser, so that it moves on to the next
      // control: the editor never traps the keyboard.
      keymap.of([{key: "Mod-i", run: explainAtCursor}, ...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
      EditorView.contentAttributes.of({"aria-label": "Expression", "aria-describedby": "editor-help"}),
      autocompletion({override: [complete]}),
      hoverTooltip(hover),
      EditorView.updateListener.of((u) => { if (u.docChanged) schedule(); }),
    ],
  }),
});
window.wflintView = view;

function refresh() {
  const w = api();
  if (!w) return;
  const expr = view.state.doc.toString();
  const o = options();
  const t0 = performance.now();
  const json = w.check(expr, JSON.stringify(o));
  const t1 = performance.now();
  const findings = JSON.parse(json);
  const len = view.state.doc.length;
  view.dispatch(setDiagnostics(view.state, findings.map((f) => ({
    from: Math.min(f.from, len), to: Math.min(Math.max(f.to, f.from), len),
    severity: f.severity, source: f.rule, message: f.message,
    actions: f.fixes.map((x) => ({name: fixName(x), apply: () => applyFix(x)})),
  }))));
  if (json !== refresh.last) {
    refresh.last = json;
    renderFindings(findings);
  }
  const t2 = performance.now();
  scheduleLink();
  keep(timings.check, t1 - t0);
  keep(timings.update, t2 - t0);
  if (timings.firstFindings === null) timings.firstFindings = t2;
}

// The link follows the expression a moment after the typing: updating
// the address bar costs more than a check, and Chromium throttles
// history.replaceState when it is called on every keystroke.
let linkTimer = 0;
function scheduleLink() {
  clearTimeout(linkTimer);
  linkTimer = setTimeout(updateLink, 150);
}

function updateLink() {
  clearTimeout(linkTimer);
  const frag = fragmentOf(view.state.doc.toString(), options());
  if (frag !== location.hash) window.history.replaceState(null, "", frag);
}

const fixName = (x) => (x.safe ? "Fix: " : "Unsafe fix: ") + x.title;

function applyFix(x) {
  view.dispatch({changes: x.changes.map((c) => ({from: c.from, to: c.to, insert: c.insert})), userEvent: "input.fix"});
  view.focus();
}

function renderFindings(findings) {
  const list = $("findings");
  const items = findings.map((f) => {
    const li = document.createElement("li");
    li.className = "finding sev-" + f.severity;
    const sev = document.createElement("span");
    sev.className = "sev";
    sev.textContent = f.severity;
    const rule = document.createElement("a");
    rule.className = "rule";
    rule.href = f.url;
    rule.target = "_blank";
    rule.rel = "noopener noreferrer";
    rule.textContent = f.rule;
    rule.title = "the rule's page";
    const pos = document.createElement("button");
    pos.type = "button";
    pos.className = "pos";
    pos.textContent = `${f.line}:${f.col}`;
    pos.setAttribute("aria-label", `go to line ${f.line}, column ${f.col}`);
    pos.onclick = () => { view.dispatch({selection: {anchor: f.from, head: f.to}, scrollIntoView: true}); view.focus(); };
    const msg = document.createElement("span");
    msg.className = "msg";
    msg.textContent = f.message;
    li.append(sev, " ", rule, " ", pos, " ", msg);
    for (const x of f.fixes) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "fix " + (x.safe ? "safe" : "unsafe");
      b.textContent = fixName(x);
      b.title = x.safe ? "keeps what the expression matches" : "changes what the expression matches: read it first";
      b.onclick = () => applyFix(x);
      li.append(" ", b);
    }
    const d = document.createElement("details");
    d.className = "explain";
    const s = document.createElement("summary");
    s.textContent = "Explain " + f.rule;
    d.append(s);
    d.addEventListener("toggle", () => {
      if (d.open && d.childElementCount === 1) d.append(renderMarkdown(JSON.parse(api().explain(f.rule)).text || "No page."));
    });
    li.append(d);
    return li;
  });
  if (!items.length) {
    const li = document.createElement("li");
    li.className = "none";
    li.textContent = "No findings.";
    items.push(li);
  }
  list.replaceChildren(...items);
  const n = findings.length;
  $("count").textContent = n === 1 ? "1 finding" : `${n} findings`;
}

function hover(v, pos) {
  const w = api();
  if (!w) return null;
  const r = JSON.parse(w.hover(v.state.doc.toString(), pos, JSON.stringify(options())));
  if (!r) return null;
  return {pos: r.from, end: r.to, above: true, create: () => ({dom: renderMarkdown(r.text)})};
}

// Mod-i: the hover text of the cursor's token, in the page (announced),
// for whoever does not use a mouse.
function explainAtCursor(v) {
  const w = api();
  const info = $("info");
  if (!w) return false;
  const r = JSON.parse(w.hover(v.state.doc.toString(), v.state.selection.main.head, JSON.stringify(options())));
  info.replaceChildren(r ? renderMarkdown(r.text) : "Nothing to explain at the cursor.");
  info.hidden = false;
  return true;
}

const completionTypes = {field: "property", function: "function", keyword: "keyword", operator: "keyword", list: "constant", value: "text"};

function complete(ctx) {
  const w = api();
  if (!w) return null;
  const r = JSON.parse(w.complete(ctx.state.doc.toString(), ctx.pos, JSON.stringify(options())));
  // After a space nothing has been typed yet: wait for Ctrl-Space.
  if (!r.items.length || (!ctx.explicit && r.from === ctx.pos)) return null;
  return {
    from: r.from,
    options: r.items.map((i) => ({label: i.Label, apply: i.Insert, type: completionTypes[i.Kind], detail: i.Detail,
      info: i.Doc ? () => renderMarkdown(i.Doc) : undefined})),
  };
}

function format() {
  const r = JSON.parse(api().format(view.state.doc.toString()));
  if (r.error) {
    status("Not formatted: the expression does not parse (" + r.error + ").");
    return;
  }
  if (r.text !== view.state.doc.toString()) {
    view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: r.text}, userEvent: "input.format"});
  }
  status("Formatted.");
}

function applyFragment() {
  const f = readFragment();
  $("profile").value = f.profile;
  $("role").value = f.role;
  $("phase").value = f.phase;
  if (f.expr !== view.state.doc.toString()) {
    view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: f.expr}});
  }
  refresh();
}

function start() {
  const phase = $("phase");
  for (const p of JSON.parse(api().phases())) {
    const o = document.createElement("option");
    o.value = p.name;
    o.textContent = `${p.name} (${p.product})`;
    phase.append(o);
  }
  for (const id of ["profile", "role", "phase"]) $(id).addEventListener("change", refresh);
  $("format").addEventListener("click", format);
  $("format").disabled = false;
  $("copy").addEventListener("click", () => {
    updateLink();
    navigator.clipboard.writeText(location.href).then(() => status("Link copied."), () => status("Copy the address bar: it holds the link."));
  });
  // A link pasted into this tab's address bar.
  window.addEventListener("hashchange", applyFragment);
  status("Ready.");
  applyFragment();
}

// Load wflint.wasm; wasm_exec.js (Go's loader) was loaded before us.
window.wflintReady = () => { timings.ready = performance.now(); start(); };
const go = new window.Go();
WebAssembly.instantiateStreaming(fetch("wflint.wasm"), go.importObject)
  .then((r) => { timings.loaded = performance.now(); go.run(r.instance); })
  .catch((e) => status("wflint could not be loaded: " + e));
