// The wflint VS Code extension: finds wfls, starts it and connects it to VS
// Code. Everything else (diagnostics, completion, hover, fixes,
// formatting) is the server's job, so the extension stays small.
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  DidOpenTextDocumentNotification,
  LanguageClient,
  LanguageClientOptions,
  Middleware,
  ServerOptions,
} from "vscode-languageclient/node";
import { mayHoldExpressions } from "./rulesjson";
import { findServer, releasesURL } from "./server";

let client: LanguageClient | undefined;

function settings() {
  const c = vscode.workspace.getConfiguration("wflint");
  return {
    profile: c.get<string>("profile"),
    disabled: c.get<string[]>("disabled"),
    enabled: c.get<string[]>("enabled"),
    lists: c.get<string[]>("lists"),
  };
}

// A package built with `vsce package --target` carries wfls in bin/; make
// sure it can run whatever the unpacking kept of its mode.
function ensureBundledExecutable(extensionPath: string): void {
  if (process.platform === "win32") {
    return;
  }
  const bundled = path.join(extensionPath, "bin", "wfls");
  try {
    fs.accessSync(bundled, fs.constants.X_OK);
  } catch {
    try {
      fs.chmodSync(bundled, 0o755);
    } catch {
      // No bundled wfls: findServer says what to do.
    }
  }
}

// jsonGate keeps JSON documents without expressions away from the server:
// they are neither opened there nor asked about. A document that gains an
// "expression" member while edited is opened then.
function jsonGate(getClient: () => LanguageClient | undefined): Middleware {
  const opened = new Set<string>();
  const isJSON = (d: vscode.TextDocument) => d.languageId === "json";
  const sent = (d: vscode.TextDocument) => !isJSON(d) || opened.has(d.uri.toString());
  // Every request the server answers takes the document first and the
  // next handler last; a JSON document the server never saw gets no answer.
  const guard = (...args: any[]) => {
    const next = args[args.length - 1];
    return sent(args[0]) ? next(...args.slice(0, -1)) : undefined;
  };
  return {
    didOpen: async (d, next) => {
      if (isJSON(d) && !mayHoldExpressions(d.getText())) {
        return;
      }
      opened.add(d.uri.toString());
      return next(d);
    },
    didChange: async (e, next) => {
      const d = e.document;
      if (sent(d)) {
        return next(e);
      }
      const c = getClient();
      if (c && mayHoldExpressions(d.getText())) {
        opened.add(d.uri.toString());
        await c.sendNotification(DidOpenTextDocumentNotification.type, c.code2ProtocolConverter.asOpenTextDocumentParams(d));
      }
    },
    didSave: async (d, next) => (sent(d) ? next(d) : undefined),
    didClose: async (d, next) => {
      if (!isJSON(d) || opened.delete(d.uri.toString())) {
        return next(d);
      }
    },
    provideCompletionItem: guard,
    provideHover: guard,
    provideSignatureHelp: guard,
    provideDocumentSymbols: guard,
    provideCodeActions: guard,
    provideDocumentFormattingEdits: guard,
    provideDocumentRangeFormattingEdits: guard,
    provideFoldingRanges: guard,
    provideInlayHints: guard,
    provideDocumentSemanticTokens: guard,
    provideDocumentSemanticTokensEdits: guard,
    provideDocumentRangeSemanticTokens: guard,
  };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const c = vscode.workspace.getConfiguration("wflint");
  ensureBundledExecutable(context.extensionPath);
  const found = findServer({
    setting: c.get<string>("path") ?? "",
    pathEnv: process.env.PATH ?? "",
    platform: process.platform,
    extensionPath: context.extensionPath,
  });
  if ("error" in found) {
    const download = "Download wflint";
    const configure = "Set wflint.path";
    const choice = await vscode.window.showErrorMessage(found.error, download, configure);
    if (choice === download) {
      void vscode.env.openExternal(vscode.Uri.parse(releasesURL));
    } else if (choice === configure) {
      void vscode.commands.executeCommand("workbench.action.openSettings", "wflint.path");
    }
    return;
  }
  // No transport: wfls speaks stdio, and a stdio transport would add a
  // --stdio argument.
  const serverOptions: ServerOptions = {
    run: { command: found.command },
    debug: { command: found.command, args: ["-v"] },
  };
  const documentSelector: LanguageClientOptions["documentSelector"] = [{ language: "wirefilter" }];
  if (c.get<boolean>("terraform")) {
    documentSelector.push({ scheme: "file", pattern: "**/*.{tf,tfvars}" });
  }
  if (c.get<boolean>("json")) {
    documentSelector.push({ scheme: "file", language: "json" });
  }
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    initializationOptions: { wflint: settings() },
    synchronize: { configurationSection: "wflint" },
    middleware: jsonGate(() => client),
  };
  client = new LanguageClient("wflint", "wflint", serverOptions, clientOptions);
  client.outputChannel.appendLine(`wfls: ${found.command} (from ${found.source})`);
  await client.start();
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  const old = client;
  client = undefined;
  if (old) {
    await old.stop();
  }
  await start(context);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("wflint.restartServer", () => restart(context)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (["wflint.path", "wflint.terraform", "wflint.json"].some((s) => e.affectsConfiguration(s))) {
        void restart(context);
      } else if (e.affectsConfiguration("wflint") && client) {
        void client.sendNotification("workspace/didChangeConfiguration", { settings: { wflint: settings() } });
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
