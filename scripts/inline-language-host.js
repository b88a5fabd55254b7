#!/usr/bin/env node
// @ts-check
/**
 * Runs one real Pulumi CLI command against a Node.js program without the `pulumi-language-nodejs`
 * plugin, which the Go module proxy here does not serve (see scripts/pulumi-install.sh).
 *
 * It does what the Automation API does for inline programs: serve Pulumi's own language runtime
 * (`@pulumi/pulumi/automation/server`, the LanguageServer of the project's installed @pulumi/pulumi)
 * on a loopback port, and start the CLI with `--client=<that port> --exec-kind auto.inline`, which
 * the CLI has supported since 3.181. Everything else is the real CLI: the engine, the rendered
 * output, the state backend, and the dynamic-provider plugin it starts in the project directory.
 *
 * Usage: node inline-language-host.js <project dir> <program file> <pulumi command> -- <args...>
 *
 * Modules resolve from the project directory, so the program and the language server share the one
 * @pulumi/pulumi the project installed, as they would under the real language host. The CLI's exit
 * code becomes this process's. A Ctrl-C reaches the whole process group: this process ignores it and
 * lets the CLI decide, as a language host does; SIGTERM is passed on to the CLI.
 */
"use strict";
const { spawn } = require("node:child_process");
const { createRequire } = require("node:module");
const path = require("node:path");

/** CLI commands that run the program (the others do not talk to a language host). */
const PROGRAM_COMMANDS = new Set(["preview", "up", "update", "refresh", "destroy"]);

function main() {
  const [projectDir, programFile, pulumiCommand, separator, ...args] = process.argv.slice(2);
  if (!projectDir || !programFile || !pulumiCommand || separator !== "--") {
    console.error("usage: inline-language-host.js <project dir> <program file> <pulumi> -- <args...>");
    process.exit(2);
  }
  const fromProject = createRequire(path.join(path.resolve(projectDir), "package.json"));
  const fromPulumi = createRequire(fromProject.resolve("@pulumi/pulumi/package.json"));
  const grpc = fromPulumi("@grpc/grpc-js");
  const { LanguageServer } = fromProject("@pulumi/pulumi/automation/server");
  const langrpc = fromProject("@pulumi/pulumi/proto/language_grpc_pb");
  const { grpcChannelOptions } = fromProject("@pulumi/pulumi/runtime/settings");

  const programPath = path.resolve(projectDir, programFile);
  // The language host's rule: a module exporting a function is called (its result is the stack's
  // outputs); otherwise the module's exports are.
  const projectRoot = path.resolve(projectDir) + path.sep;
  const program = async () => {
    // `pulumi up` runs the program twice in this process (preview, then update); the real language
    // host starts a fresh process per run. Forget the project's own modules (not its node_modules),
    // so a program that declares its resources at module level registers them again.
    for (const loaded of Object.keys(require.cache))
      if (loaded.startsWith(projectRoot) && !loaded.includes(`${path.sep}node_modules${path.sep}`))
        delete require.cache[loaded];
    const exported = require(programPath);
    return typeof exported === "function" ? await exported() : exported;
  };

  const server = new grpc.Server(grpcChannelOptions);
  const languageServer = new LanguageServer(program);
  server.addService(langrpc.LanguageRuntimeService, languageServer);
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) {
      console.error(`inline-language-host: cannot listen on loopback: ${error.message}`);
      process.exit(2);
    }
    const runsProgram = PROGRAM_COMMANDS.has(args[0] ?? "");
    const cliArgs = runsProgram
      ? [...args, `--client=127.0.0.1:${port}`, "--exec-kind", "auto.inline"]
      : args;
    const cli = spawn(pulumiCommand, cliArgs, { cwd: projectDir, stdio: "inherit" });
    process.on("SIGINT", () => {});
    process.on("SIGTERM", () => cli.kill("SIGTERM"));
    cli.on("error", (spawnError) => {
      console.error(`inline-language-host: cannot start ${pulumiCommand}: ${spawnError.message}`);
      process.exit(2);
    });
    cli.on("exit", (code, signal) => {
      try {
        languageServer.onPulumiExit(code !== 0);
      } catch (leak) {
        console.error(String(leak instanceof Error ? leak.message : leak));
      }
      server.forceShutdown();
      process.exit(code ?? (signal ? 128 + 2 : 1));
    });
  });
}

main();
