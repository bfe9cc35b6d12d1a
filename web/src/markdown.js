// Renders the little markdown of wflint's hover texts and rule pages into
// DOM nodes (never through innerHTML): paragraphs, "# " headings, "- "
// items, fenced code, `code`, **bold** and [links](url).
export function renderMarkdown(text) {
  const root = document.createElement("div");
  root.className = "md";
  const lines = text.split("\n");
  let para = [];
  let list = null;
  const flush = () => {
    if (para.length) {
      const p = document.createElement("p");
      inline(p, para.join(" "));
      root.append(p);
      para = [];
    }
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith("```")) {
      flush();
      const pre = document.createElement("pre");
      const code = [];
      for (i++; i < lines.length && !lines[i].startsWith("```"); i++) code.push(lines[i]);
      pre.textContent = code.join("\n");
      root.append(pre);
      continue;
    }
    const h = line.match(/^(#{1,4}) (.*)/);
    if (h) {
      flush();
      const el = document.createElement("h" + Math.min(h[1].length + 2, 6));
      inline(el, h[2]);
      root.append(el);
      continue;
    }
    const item = line.match(/^\s*[-*] (.*)/);
    if (item) {
      if (para.length) flush();
      if (!list) { list = document.createElement("ul"); root.append(list); }
      const li = document.createElement("li");
      inline(li, item[1]);
      list.append(li);
      continue;
    }
    if (line.trim() === "" || line.trim() === "---") { flush(); continue; }
    if (list && /^\s/.test(line)) { inline(list.lastChild, " " + line.trim()); continue; }
    list = null;
    para.push(line.trim());
  }
  flush();
  return root;
}

function inline(el, s) {
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0, m;
  while ((m = re.exec(s))) {
    el.append(s.slice(last, m.index));
    if (m[1] !== undefined) {
      const c = document.createElement("code"); c.textContent = m[1]; el.append(c);
    } else if (m[2] !== undefined) {
      const b = document.createElement("strong"); b.textContent = m[2]; el.append(b);
    } else if (/^https:\/\//.test(m[4])) {
      const a = document.createElement("a"); a.textContent = m[3]; a.href = m[4]; a.rel = "noreferrer"; el.append(a);
    } else {
      el.append(m[3]);
    }
    last = re.lastIndex;
  }
  el.append(s.slice(last));
}
