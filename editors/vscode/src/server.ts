// Where the extension finds wfls: the wflint.path setting, then PATH, then
// the binary a platform-specific package bundles. Kept free of the vscode
// module so that `npm test` runs it under plain Node.
import * as fs from "fs";
import * as path from "path";

export interface Lookup {
  /** The wflint.path setting: a path, a command name, or empty. */
  setting: string;
  /** The PATH environment variable. */
  pathEnv: string;
  /** process.platform. */
  platform: string;
  /** Where the extension is installed (its bin/ holds a bundled wfls). */
  extensionPath: string;
  /** Reports whether p is a file that can be run; the default asks the file system. */
  isExecutable?: (p: string) => boolean;
}

export type Found = { command: string; source: "setting" | "PATH" | "bundled" } | { error: string };

/** Where to download wflint (the archives hold wfls). */
export const releasesURL = "https://github.com/wflint/wflint/releases";

function executable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) {
      return false;
    }
    if (process.platform === "win32") {
      return true;
    }
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** findServer looks for wfls where lookup says, in order. */
export function findServer(lookup: Lookup): Found {
  const isExec = lookup.isExecutable ?? executable;
  const p = lookup.platform === "win32" ? path.win32 : path.posix;
  const exe = lookup.platform === "win32" ? ".exe" : "";
  const onPath = (name: string): string | undefined => {
    const names = exe && !name.toLowerCase().endsWith(exe) ? [name + exe, name] : [name];
    for (const dir of lookup.pathEnv.split(p.delimiter)) {
      if (!dir) {
        continue;
      }
      for (const n of names) {
        const candidate = p.join(dir, n);
        if (isExec(candidate)) {
          return candidate;
        }
      }
    }
    return undefined;
  };
  const setting = lookup.setting.trim();
  if (setting) {
    // A name without a directory is a command looked up on PATH, as a
    // shell would; anything else is a path. Either way, a setting that
    // names nothing is an error, never a reason to run another wfls.
    if (!setting.includes("/") && !setting.includes("\\")) {
      const found = onPath(setting);
      return found
        ? { command: found, source: "setting" }
        : { error: `wflint.path is "${setting}", but no such command is on PATH.` };
    }
    return isExec(setting)
      ? { command: setting, source: "setting" }
      : { error: `wflint.path is "${setting}", which is not an executable file.` };
  }
  const found = onPath("wfls");
  if (found) {
    return { command: found, source: "PATH" };
  }
  const bundled = p.join(lookup.extensionPath, "bin", "wfls" + exe);
  if (isExec(bundled)) {
    return { command: bundled, source: "bundled" };
  }
  return {
    error:
      "The wflint language server, wfls, was not found: wflint.path is not set, wfls is not on PATH, and this " +
      "package of the extension bundles none. Download the wflint archive for your platform from " +
      releasesURL +
      " (it holds wflint and wfls) and put wfls on PATH or set wflint.path to it; or install the extension's " +
      "package for your platform, which bundles wfls.",
  };
}
