/**
 * The real `@pulumi/pulumi` dynamic-provider host, started and driven the way the engine does it.
 *
 * Start-up (reference §2, §5 B.1): `node <@pulumi/pulumi>/cmd/dynamic-provider/index.js <engine addr>`
 * with cwd = the user's project directory; the address is only checked for presence, so a dead one is
 * fine. The host binds 127.0.0.1:0 and prints the port as its first stdout line. The engine sets
 * PULUMI_NODEJS_PROJECT / PULUMI_PROJECT (the project namespace `Config.get` uses, B.5 #3) and the
 * stack; PULUMI_NODEJS_ENGINE is NOT set unless asked, so `pulumi.log` lands on stdout (B.1, B.5 #7).
 *
 * Requests carry the fields the engine sends (B.3), plain JS in and out, Struct-converted here.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  Empty,
  grpc,
  HOST_SCRIPT,
  providerProto,
  providerRpc,
  type Metadata,
  type ServiceError,
} from "./pulumi-modules";
import { toProviderRpcError, type Props } from "./rpc-error";
import { fromStruct, toStruct } from "./struct";

export { ProviderRpcError, type PartialState, type Props } from "./rpc-error";

/** `rpc.unknownValue`: how the engine sends a value not known until apply (previews), §1 and B.5 #6. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** `urn:pulumi:<stack>::<project>::<type>::<name>` for a resource without a parent (B.3). */
export function urnOf(stack: string, project: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/** Splits a URN into the `type` and `name` fields the engine also sends (the host ignores them). */
export function parseUrn(urn: string): { stack: string; project: string; type: string; name: string } {
  const parts = urn.replace(/^urn:pulumi:/, "").split("::");
  if (parts.length < 4) throw new Error(`not a URN: ${urn}`);
  const [stack = "", project = "", qualifiedType = ""] = parts;
  return { stack, project, type: qualifiedType.split("$").pop() ?? "", name: parts.slice(3).join("::") };
}

export interface HostStartOptions {
  /** The user project directory (see createUserProject); serialized code resolves packages from here. */
  cwd: string;
  /** Extra environment; a key set to undefined removes it. */
  env?: Record<string, string | undefined>;
  project?: string;
  stack?: string;
  /** Stack config as the engine exports it in PULUMI_CONFIG (read by `new pulumi.Config()` in the host). */
  config?: Record<string, string>;
  /** Host entry point; default the repo's @pulumi/pulumi. */
  hostScript?: string;
  /** Give up waiting for the port line after this long. Default 30 s. */
  startTimeoutMs?: number;
  /** Deadline of each RPC, so a stuck provider fails a test instead of hanging it. Default 60 s. */
  callTimeoutMs?: number;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export type DiffChanges = "none" | "some" | "unknown";

export interface DiffResult {
  changes: DiffChanges;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

export interface ConfigureResult {
  acceptSecrets: boolean;
  supportsPreview: boolean;
  acceptResources: boolean;
}

type Callback<Res> = (error: ServiceError | null, response: Res) => void;
type Unary<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: { deadline: number },
  callback: Callback<Res>,
) => unknown;

// Env the harness's own process may carry that would change how the host behaves.
const SCRUBBED_ENV = [
  "PULUMI_NODEJS_ENGINE",
  "PULUMI_NODEJS_MONITOR",
  "PULUMI_CONFIG",
  "NODE_PATH",
  "NODE_OPTIONS",
];

export class ProviderHost {
  private stdoutRest = "";
  private stderrText = "";
  private closed = false;
  /** Resolves when the host process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: InstanceType<typeof providerRpc.ResourceProviderClient>,
    readonly port: number,
    firstStdout: string,
    firstStderr: string,
    private readonly callTimeoutMs: number,
  ) {
    this.stdoutRest = firstStdout;
    this.stderrText = firstStderr;
    child.stdout?.on("data", (chunk: string) => (this.stdoutRest += chunk));
    child.stderr?.on("data", (chunk: string) => (this.stderrText += chunk));
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve({ code: child.exitCode, signal: child.signalCode });
      } else {
        child.once("exit", (code, signal) => resolve({ code, signal }));
      }
    });
  }

  static async start(opts: HostStartOptions): Promise<ProviderHost> {
    const project = opts.project ?? "project";
    const stack = opts.stack ?? "dev";
    const env: Record<string, string | undefined> = { ...process.env };
    for (const key of SCRUBBED_ENV) delete env[key];
    Object.assign(env, {
      PULUMI_NODEJS_PROJECT: project,
      PULUMI_PROJECT: project,
      PULUMI_NODEJS_STACK: stack,
      PULUMI_STACK: stack,
      ...(opts.config ? { PULUMI_CONFIG: JSON.stringify(opts.config) } : {}),
      ...opts.env,
    });
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];

    const child = spawn(process.execPath, [opts.hostScript ?? HOST_SCRIPT, "127.0.0.1:1"], {
      cwd: opts.cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");

    const { port, rest, stderr } = await new Promise<{ port: number; rest: string; stderr: string }>(
      (resolve, reject) => {
        let out = "";
        let err = "";
        const fail = (why: string) => {
          cleanup();
          child.kill("SIGKILL");
          reject(new Error(`dynamic-provider host did not start: ${why}\nstdout: ${out}\nstderr: ${err}`));
        };
        const onOut = (chunk: string) => {
          out += chunk;
          const nl = out.indexOf("\n");
          if (nl < 0) return;
          const line = out.slice(0, nl).trim();
          const port = Number(line);
          if (!/^\d+$/.test(line) || port <= 0) return fail(`first stdout line is not a port: ${line}`);
          cleanup();
          resolve({ port, rest: out.slice(nl + 1), stderr: err });
        };
        const onErr = (chunk: string) => (err += chunk);
        const onExit = (code: number | null, signal: string | null) => fail(`exited (${code ?? signal})`);
        const onSpawnError = (e: Error) => fail(e.message);
        const timer = setTimeout(
          () => fail(`no port after ${opts.startTimeoutMs ?? 30000} ms`),
          opts.startTimeoutMs ?? 30000,
        );
        function cleanup() {
          clearTimeout(timer);
          child.stdout.off("data", onOut);
          child.stderr.off("data", onErr);
          child.off("exit", onExit);
          child.off("error", onSpawnError);
        }
        child.stdout.on("data", onOut);
        child.stderr.on("data", onErr);
        child.once("exit", onExit);
        child.once("error", onSpawnError);
      },
    );

    const client = new providerRpc.ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
      {
        // `__provider` rides on every request and response (B.4); stay far from the 4 MB default.
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
        "grpc.max_send_message_length": 400 * 1024 * 1024,
      },
    );
    return new ProviderHost(child, client, port, rest, stderr, opts.callTimeoutMs ?? 60000);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Host stdout after the port line: provider console output and `info: [runtime] …` from pulumi.log. */
  stdout(): string {
    return this.stdoutRest;
  }

  /** Host stderr: the host prints the stack of every Check/Diff/Read/Delete exception here. */
  stderr(): string {
    return this.stderrText;
  }

  /** stdout and stderr together, for "the provider logged X" assertions. */
  logs(): string {
    return `${this.stdoutRest}${this.stderrText}`;
  }

  /**
   * Waits until the host's output matches: log lines travel on the host's stdout pipe and may arrive
   * after the RPC's answer, more so on a loaded machine. Resolves to the output seen, matched or not,
   * so that a failing `expect(...).toMatch` shows what was there.
   */
  async waitForLogs(pattern: RegExp | string, timeoutMs = 5_000): Promise<string> {
    const matches = () =>
      typeof pattern === "string" ? this.logs().includes(pattern) : pattern.test(this.logs());
    for (const deadline = Date.now() + timeoutMs; !matches() && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.logs();
  }

  clearLogs(): void {
    this.stdoutRest = "";
    this.stderrText = "";
  }

  private call<Req, Res>(rpc: string, method: Unary<Req, Res>, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      method.call(
        this.client,
        request,
        new grpc.Metadata(),
        { deadline: Date.now() + this.callTimeoutMs },
        (error: ServiceError | null, response: Res) => {
          if (error) reject(toProviderRpcError(rpc, error));
          else resolve(response);
        },
      );
    });
  }

  async getPluginInfo(): Promise<{ version: string }> {
    const info = await this.call("GetPluginInfo", this.client.getPluginInfo, new Empty());
    return { version: info.getVersion() };
  }

  /**
   * The engine configures every provider before using it. The host keeps these args and applies them
   * lazily, once per distinct `__provider`, on that provider's first call (B.5 #3): configure first.
   */
  async configure(config: Record<string, string>): Promise<ConfigureResult> {
    const req = new providerProto.ConfigureRequest();
    req.setArgs(toStruct(config, "Configure.args"));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    const res = await this.call("Configure", this.client.configure, req);
    return {
      acceptSecrets: res.getAcceptsecrets(),
      supportsPreview: res.getSupportspreview(),
      acceptResources: res.getAcceptresources(),
    };
  }

  async check(
    urn: string,
    olds: Props,
    news: Props,
    randomSeed: Uint8Array = randomBytes(32),
  ): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    const { name, type } = parseUrn(urn);
    const req = new providerProto.CheckRequest();
    req.setUrn(urn).setName(name).setType(type);
    req.setOlds(toStruct(olds, "Check.olds")).setNews(toStruct(news, "Check.news"));
    req.setRandomseed(randomSeed);
    const res = await this.call("Check", this.client.check, req);
    return {
      inputs: fromStruct(res.getInputs()),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** `olds` are the previous OUTPUTS, `news` the checked inputs (§1: the host only reads id/olds/news). */
  async diff(id: string, urn: string, olds: Props, news: Props, oldInputs?: Props): Promise<DiffResult> {
    const { name, type } = parseUrn(urn);
    const req = new providerProto.DiffRequest();
    req.setId(id).setUrn(urn).setName(name).setType(type);
    req.setOlds(toStruct(olds, "Diff.olds")).setNews(toStruct(news, "Diff.news"));
    req.setOldInputs(toStruct(oldInputs ?? {}, "Diff.oldInputs"));
    const res = await this.call("Diff", this.client.diff, req);
    const Changes = providerProto.DiffResponse.DiffChanges;
    const changes = res.getChanges();
    return {
      changes: changes === Changes.DIFF_SOME ? "some" : changes === Changes.DIFF_NONE ? "none" : "unknown",
      replaces: res.getReplacesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
    };
  }

  /** Note the host ignores `preview` and `timeout` (B.3, §1 Timeouts): preview=true really creates. */
  async create(
    urn: string,
    properties: Props,
    opts: { timeout?: number; preview?: boolean } = {},
  ): Promise<{ id: string; properties: Props }> {
    const { name, type } = parseUrn(urn);
    const req = new providerProto.CreateRequest();
    req.setUrn(urn).setName(name).setType(type);
    req.setProperties(toStruct(properties, "Create.properties"));
    req.setTimeout(opts.timeout ?? 0).setPreview(opts.preview ?? false);
    const res = await this.call("Create", this.client.create, req);
    return { id: res.getId(), properties: fromStruct(res.getProperties()) };
  }

  /** An empty `id` in the result means the object is gone (§1 Refresh). `inputs` only if the provider returned them. */
  async read(
    id: string,
    urn: string,
    properties: Props,
    inputs?: Props,
  ): Promise<{ id: string; properties: Props; inputs?: Props }> {
    const { name, type } = parseUrn(urn);
    const req = new providerProto.ReadRequest();
    req.setId(id).setUrn(urn).setName(name).setType(type);
    req.setProperties(toStruct(properties, "Read.properties"));
    if (inputs) req.setInputs(toStruct(inputs, "Read.inputs"));
    const res = await this.call("Read", this.client.read, req);
    const returnedInputs = res.getInputs();
    return {
      id: res.getId(),
      properties: fromStruct(res.getProperties()),
      ...(returnedInputs ? { inputs: fromStruct(returnedInputs) } : {}),
    };
  }

  /** `olds` = previous outputs, `news` = checked inputs; the host takes `__provider` from news. */
  async update(
    id: string,
    urn: string,
    olds: Props,
    news: Props,
    oldInputs?: Props,
    opts: { timeout?: number; preview?: boolean } = {},
  ): Promise<{ properties: Props }> {
    const { name, type } = parseUrn(urn);
    const req = new providerProto.UpdateRequest();
    req.setId(id).setUrn(urn).setName(name).setType(type);
    req.setOlds(toStruct(olds, "Update.olds")).setNews(toStruct(news, "Update.news"));
    req.setOldInputs(toStruct(oldInputs ?? {}, "Update.oldInputs"));
    req.setTimeout(opts.timeout ?? 0).setPreview(opts.preview ?? false);
    const res = await this.call("Update", this.client.update, req);
    return { properties: fromStruct(res.getProperties()) };
  }

  /** `properties` = stored outputs; the host runs the `__provider` found there (the code from state). */
  async delete(id: string, urn: string, properties: Props, oldInputs?: Props): Promise<void> {
    const { name, type } = parseUrn(urn);
    const req = new providerProto.DeleteRequest();
    req.setId(id).setUrn(urn).setName(name).setType(type);
    req.setProperties(toStruct(properties, "Delete.properties"));
    req.setOldInputs(toStruct(oldInputs ?? {}, "Delete.oldInputs"));
    await this.call("Delete", this.client.delete, req);
  }

  /** Sends a signal to the host (what Ctrl-C or a CI runner's stop does) without waiting for its exit. */
  signal(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  /** SIGKILL the host (crash tests). The channel stays open, so later calls fail with UNAVAILABLE (14). */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    await this.exited;
  }

  /** Ends the channel and the host process. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.close();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
      await this.exited;
      clearTimeout(timer);
    }
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }
}
