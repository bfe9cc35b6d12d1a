// `npm test`: the server lookup and the JSON gate, under plain Node.
import * as assert from "node:assert/strict";
import { test } from "node:test";
import { mayHoldExpressions } from "../rulesjson";
import { findServer, Lookup } from "../server";

// A file system of executables, by path.
function lookup(files: string[], l: Partial<Lookup>): Lookup {
  const set = new Set(files);
  return { setting: "", pathEnv: "", platform: "linux", extensionPath: "/ext", isExecutable: (p) => set.has(p), ...l };
}

test("the setting wins over PATH and the bundled binary", () => {
  const files = ["/opt/wfls", "/usr/bin/wfls", "/ext/bin/wfls"];
  assert.deepEqual(findServer(lookup(files, { setting: "/opt/wfls", pathEnv: "/usr/bin" })), { command: "/opt/wfls", source: "setting" });
});

test("a command name in the setting is looked up on PATH", () => {
  const files = ["/usr/local/bin/wfls-dev"];
  assert.deepEqual(findServer(lookup(files, { setting: "wfls-dev", pathEnv: "/usr/bin:/usr/local/bin" })), {
    command: "/usr/local/bin/wfls-dev",
    source: "setting",
  });
});

test("a setting that names nothing is an error, not a reason to run another wfls", () => {
  const files = ["/usr/bin/wfls", "/ext/bin/wfls"];
  const got = findServer(lookup(files, { setting: "/nope/wfls", pathEnv: "/usr/bin" }));
  assert.ok("error" in got && got.error.includes('wflint.path is "/nope/wfls"'), JSON.stringify(got));
});

test("PATH comes before the bundled binary, in PATH order", () => {
  const files = ["/b/wfls", "/c/wfls", "/ext/bin/wfls"];
  assert.deepEqual(findServer(lookup(files, { pathEnv: "/a::/b:/c" })), { command: "/b/wfls", source: "PATH" });
});

test("the bundled binary when nothing else", () => {
  assert.deepEqual(findServer(lookup(["/ext/bin/wfls"], { pathEnv: "/usr/bin" })), { command: "/ext/bin/wfls", source: "bundled" });
});

test("Windows: .exe, ; between PATH entries, backslashes", () => {
  const files = ["C:\\tools\\wfls.exe", "C:\\ext\\bin\\wfls.exe"];
  assert.deepEqual(findServer(lookup(files, { platform: "win32", pathEnv: "C:\\Windows;C:\\tools", extensionPath: "C:\\ext" })), {
    command: "C:\\tools\\wfls.exe",
    source: "PATH",
  });
  assert.deepEqual(findServer(lookup(files.slice(1), { platform: "win32", pathEnv: "C:\\Windows", extensionPath: "C:\\ext" })), {
    command: "C:\\ext\\bin\\wfls.exe",
    source: "bundled",
  });
});

test("none found: the message says how to install wfls", () => {
  const got = findServer(lookup([], { pathEnv: "/usr/bin" }));
  assert.ok("error" in got);
  assert.match(got.error, /https:\/\/github\.com\/wflint\/wflint\/releases/);
  assert.match(got.error, /wflint\.path/);
  assert.match(got.error, /PATH/);
  assert.match(got.error, /platform/);
});

test("the real file system: an executable on PATH is found", async () => {
  const fs = await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  if (process.platform === "win32") {
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wfls-"));
  const notExec = path.join(dir, "a");
  const exec = path.join(dir, "b");
  fs.mkdirSync(notExec);
  fs.mkdirSync(exec);
  fs.writeFileSync(path.join(notExec, "wfls"), "", { mode: 0o644 });
  fs.writeFileSync(path.join(exec, "wfls"), "", { mode: 0o755 });
  const real: Lookup = { setting: "", pathEnv: `${notExec}:${exec}`, platform: process.platform, extensionPath: dir };
  assert.deepEqual(findServer(real), { command: path.join(exec, "wfls"), source: "PATH" });
  fs.rmSync(dir, { recursive: true });
});

test("JSON with expressions goes to the server, other JSON does not", () => {
  assert.ok(mayHoldExpressions('{"rules": [{"action": "block", "expression": "ip.src eq 192.0.2.1"}]}'));
  assert.ok(mayHoldExpressions('{\n  "type": "false_positive",\n  "expression" : "cf.bot_management.score lt 30"\n}'));
  assert.ok(!mayHoldExpressions('{"name": "wflint", "version": "0.1.0", "scripts": {"test": "expression"}}'));
  assert.ok(!mayHoldExpressions("[1, 2, 3]"));
});
