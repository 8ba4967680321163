// The confide extension: VS Code colours .protocol files with the TextMate grammar, and this
// client starts the language server, `confide lsp`, for everything else (findings as you type,
// quick fixes, hover, completion, go to definition, the outline, formatting).
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function serverOptions() {
  const settings = vscode.workspace.getConfiguration("confide");
  const args = ["lsp"];
  const config = settings.get("config");
  if (config) {
    args.push("--config", config);
  }
  // TransportKind.stdio: the client talks over standard input and output (and passes --stdio).
  return { command: settings.get("path") || "confide", args, transport: TransportKind.stdio };
}

function activate(context) {
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "protocol" },
      { scheme: "untitled", language: "protocol" },
    ],
  };
  client = new LanguageClient("confide", "confide", serverOptions(), clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand("confide.restart", async () => {
      await client.stop();
      client = new LanguageClient("confide", "confide", serverOptions(), clientOptions);
      await client.start();
    }),
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
