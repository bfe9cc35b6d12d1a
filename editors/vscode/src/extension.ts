// The wflint VS Code extension: starts wfls and connects it to VS Code.
// Everything else (diagnostics, completion, hover, fixes, formatting) is
// the server's job, so the extension stays this small.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from "vscode-languageclient/node";

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

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const c = vscode.workspace.getConfiguration("wflint");
  const command = c.get<string>("path") || "wfls";
  const serverOptions: ServerOptions = {
    run: { command, transport: TransportKind.stdio },
    debug: { command, args: ["-v"], transport: TransportKind.stdio },
  };
  const documentSelector: LanguageClientOptions["documentSelector"] = [{ language: "wirefilter" }];
  if (c.get<boolean>("terraform")) {
    documentSelector.push({ scheme: "file", pattern: "**/*.{tf,tfvars}" });
  }
  if (c.get<boolean>("reports")) {
    documentSelector.push({ scheme: "file", language: "json" });
  }
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    initializationOptions: { wflint: settings() },
    synchronize: { configurationSection: "wflint" },
  };
  client = new LanguageClient("wflint", "wflint", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("wflint") && client) {
        void client.sendNotification("workspace/didChangeConfiguration", { settings: { wflint: settings() } });
      }
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
