/**
 * The engine-test harness itself, proven against the REAL dynamic-provider host with a tiny provider
 * defined here (no dependency on this package's resources or on dist/): serialized through a real
 * `pulumi.dynamic.Resource` subclass under setMocks, run by the host from a temporary user project,
 * driven over gRPC directly and through the Deployment engine simulator.
 */
import * as pulumi from "@pulumi/pulumi";
import { captureRegistrations, type Registration } from "../harness/registrations";
import { ProviderHost, ProviderRpcError, UNKNOWN, urnOf } from "../harness/provider-host";
import { createUserProject, type UserProject } from "../harness/user-project";
import { Deployment, DeploymentError, type RunResult } from "../harness/engine";

const PROJECT = "harnesstest";
const STACK = "dev";
const TYPE = "pulumi-nodejs:dynamic/harness:Thing";
const SECRET = "s3cr3t-token-value";
const SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

// ---------------------------------------------------------------------------------------------
// The provider under test. It runs inside the host process, so its "cloud" lives on the host's
// globalThis (module-level values are re-created per call, §5 B.5 #2). No requires but "crypto".
// ---------------------------------------------------------------------------------------------
interface CloudObject {
  thingName: string;
  size: number;
  zone: string;
  flavor: string;
  token?: string;
  status: string;
  version: number;
}

type In = Record<string, unknown>;

function cloud(): Record<string, CloudObject> {
  const g = globalThis as unknown as { __harnessCloud?: Record<string, CloudObject> };
  return (g.__harnessCloud ??= {});
}

class ThingProvider implements pulumi.dynamic.ResourceProvider {
  region = "unconfigured";

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.region = req.config.get("harness:region") ?? "none";
  }

  async check(olds: In, news: In): Promise<pulumi.dynamic.CheckResult> {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    if (news.size !== SENTINEL && (typeof news.size !== "number" || news.size < 0)) {
      failures.push({ property: "size", reason: "size must be a non-negative number" });
    }
    // Auto-naming: keep the name from the old inputs; a replacement re-checks with no olds.
    const thingName =
      news.thingName ?? olds.thingName ?? `thing-${require("crypto").randomBytes(4).toString("hex")}`;
    return { inputs: { zone: "z1", flavor: "small", ...news, thingName }, failures };
  }

  async diff(_id: string, olds: In, news: In): Promise<pulumi.dynamic.DiffResult> {
    const changed = ["thingName", "size", "zone", "flavor", "token"].filter(
      (k) => news[k] === SENTINEL || JSON.stringify(olds[k]) !== JSON.stringify(news[k]),
    );
    const replaces = changed.filter((k) => k === "thingName" || k === "zone" || k === "flavor");
    // Objects are keyed by name: a replacement that keeps the name must delete first.
    const deleteBeforeReplace = replaces.includes("zone") || replaces.includes("thingName");
    return { changes: changed.length > 0, replaces, deleteBeforeReplace };
  }

  async create(inputs: In): Promise<pulumi.dynamic.CreateResult> {
    const name = inputs.thingName as string;
    if (cloud()[name]) throw new Error(`thing ${name} already exists`);
    const obj: CloudObject = {
      thingName: name,
      size: inputs.size as number,
      zone: inputs.zone as string,
      flavor: inputs.flavor as string,
      ...(inputs.token !== undefined ? { token: inputs.token as string } : {}),
      status: inputs.bootFails ? "broken" : "ready",
      version: 1,
    };
    cloud()[name] = obj;
    console.log(`created thing ${name}`);
    const outs = { ...obj, region: this.region };
    if (inputs.bootFails) {
      // The object exists but did not come up: report it instead of orphaning it (§1 partial state).
      throw {
        message: `thing ${name} failed to boot`,
        id: name,
        properties: { ...outs, __provider: inputs.__provider },
        reasons: ["boot failed"],
      };
    }
    return { id: name, outs };
  }

  async read(id: string): Promise<pulumi.dynamic.ReadResult> {
    const obj = cloud()[id];
    if (!obj) return {};
    const { thingName, size, zone, flavor } = obj;
    return { id, props: { ...obj, region: this.region }, inputs: { thingName, size, zone, flavor } };
  }

  async update(id: string, _olds: In, news: In): Promise<pulumi.dynamic.UpdateResult> {
    const obj = cloud()[id];
    if (!obj) throw new Error(`thing ${id} not found`);
    obj.size = news.size as number;
    obj.status = "ready";
    obj.version += 1;
    if (news.token !== undefined) obj.token = news.token as string;
    return { outs: { ...obj, region: this.region } };
  }

  async delete(id: string): Promise<void> {
    delete cloud()[id];
  }
}

const thingProvider = new ThingProvider();

interface ThingArgs {
  thingName?: pulumi.Input<string>;
  size: pulumi.Input<number>;
  zone?: pulumi.Input<string>;
  flavor?: pulumi.Input<string>;
  token?: pulumi.Input<string>;
  bootFails?: boolean;
}

class Thing extends pulumi.dynamic.Resource {
  declare readonly thingName: pulumi.Output<string>;
  declare readonly size: pulumi.Output<number>;
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: ThingArgs, opts?: pulumi.CustomResourceOptions) {
    super(thingProvider, name, { status: undefined, version: undefined, ...args }, opts, "harness", "Thing");
  }
}

function capture(program: () => void, preview = false): Promise<Registration[]> {
  return captureRegistrations(program, { project: PROJECT, stack: STACK, preview });
}

function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

function ops(result: RunResult): string[] {
  return result.steps.map((s) => `${s.op}:${s.urn.split("::").pop()}`);
}

function rpcs(result: RunResult): string[] {
  return result.rpcs.map((r) => r.method);
}

let project: UserProject;
let host: ProviderHost;

beforeAll(async () => {
  project = createUserProject({ project: PROJECT });
  host = await ProviderHost.start({ cwd: project.dir, project: PROJECT, stack: STACK });
  await host.configure({ "harness:region": "cn-test-1" });
});

afterAll(async () => {
  await host?.close();
  project?.cleanup();
});

describe("registrations and the host", () => {
  test("captureRegistrations yields the engine's view of a dynamic resource", async () => {
    const reg = only(await capture(() => void new Thing("one", { size: 1, token: pulumi.secret(SECRET) })));
    expect(reg.type).toBe(TYPE);
    expect(reg.urn).toBe(urnOf(STACK, PROJECT, TYPE, "one"));
    expect(reg.inputs.__provider).toMatch(/^exports\.handler = __f0;/);
    // Output placeholders passed as undefined are absent; secrets are unwrapped and remembered.
    expect(Object.keys(reg.inputs).sort()).toEqual(["__provider", "size", "token"]);
    expect(reg.inputs.token).toBe(SECRET);
    expect(reg.secretKeys).toEqual(["token"]);
    // setMocks is global: a second capture in the same process starts clean.
    const again = await capture(() => void new Thing("two", { size: 2 }));
    expect(again.map((r) => r.name)).toEqual(["two"]);
  });

  test("host basics: plugin info, configure answers, logs", async () => {
    const { version } = await host.getPluginInfo();
    expect(version).toBe((require("@pulumi/pulumi/package.json") as { version: string }).version);
    expect(await host.configure({ "harness:region": "cn-test-1" })).toEqual({
      acceptSecrets: false,
      supportsPreview: false,
      acceptResources: false,
    });
  });

  test("raw lifecycle: check, create, read, diff none/some/replace, update, delete", async () => {
    const reg = only(await capture(() => void new Thing("raw", { size: 1 })));
    const checked = await host.check(reg.urn, {}, reg.inputs);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({
      size: 1,
      zone: "z1",
      flavor: "small",
      __provider: reg.inputs.__provider,
    });
    expect(checked.inputs.thingName).toMatch(/^thing-[0-9a-f]{8}$/);
    // Olds win: a second check keeps the generated name.
    expect((await host.check(reg.urn, checked.inputs, reg.inputs)).inputs.thingName).toBe(
      checked.inputs.thingName,
    );

    const created = await host.create(reg.urn, checked.inputs);
    const name = checked.inputs.thingName as string;
    expect(created.id).toBe(name);
    // Configure args reached provider.configure; the host re-adds __provider to the outputs.
    expect(created.properties).toMatchObject({ status: "ready", region: "cn-test-1", version: 1 });
    expect(created.properties.__provider).toBe(reg.inputs.__provider);
    expect(await host.waitForLogs(`created thing ${name}`)).toContain(`created thing ${name}`);

    const read = await host.read(created.id, reg.urn, created.properties, checked.inputs);
    expect(read.id).toBe(name);
    expect(read.properties).toEqual(created.properties);
    expect(read.inputs).toEqual({
      thingName: name,
      size: 1,
      zone: "z1",
      flavor: "small",
      __provider: reg.inputs.__provider,
    });

    expect(await host.diff(created.id, reg.urn, created.properties, checked.inputs, checked.inputs)).toEqual({
      changes: "none",
      replaces: [],
      deleteBeforeReplace: false,
    });
    const bigger = { ...checked.inputs, size: 5 };
    expect(await host.diff(created.id, reg.urn, created.properties, bigger)).toEqual({
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
    });
    const updated = await host.update(created.id, reg.urn, created.properties, bigger, checked.inputs);
    expect(updated.properties).toMatchObject({ size: 5, version: 2, __provider: reg.inputs.__provider });
    expect(await host.diff(created.id, reg.urn, updated.properties, { ...bigger, zone: "z2" })).toEqual({
      changes: "some",
      replaces: ["zone"],
      deleteBeforeReplace: true,
    });

    await host.delete(created.id, reg.urn, updated.properties, bigger);
    expect((await host.read(created.id, reg.urn, updated.properties)).id).toBe("");
  });

  test("partial create failure is decoded from grpc-status-details-bin", async () => {
    const reg = only(
      await capture(() => void new Thing("broken", { thingName: "broken-raw", size: 1, bootFails: true })),
    );
    const { inputs } = await host.check(reg.urn, {}, reg.inputs);
    const err = (await host.create(reg.urn, inputs).catch((e: unknown) => e)) as ProviderRpcError;
    expect(err).toBeInstanceOf(ProviderRpcError);
    expect(err.rpc).toBe("Create");
    expect(err.code).toBe(2);
    expect(err.details).toBe("thing broken-raw failed to boot");
    expect(err.partial).toEqual({
      id: "broken-raw",
      reasons: ["boot failed"],
      properties: expect.objectContaining({ status: "broken", __provider: reg.inputs.__provider }),
    });
    await host.delete("broken-raw", reg.urn, err.partial?.properties ?? {});
  });

  test("plain provider errors carry code UNKNOWN and no partial state", async () => {
    const reg = only(await capture(() => void new Thing("ghost", { size: 1 })));
    const err = (await host
      .update("no-such-thing", reg.urn, reg.inputs, reg.inputs)
      .catch((e: unknown) => e)) as ProviderRpcError;
    expect(err).toMatchObject({ code: 2, details: "thing no-such-thing not found", partial: undefined });
  });

  test("the UNKNOWN sentinel passes through check and diff", async () => {
    expect(UNKNOWN).toBe(pulumi.runtime.unknownValue);
    const reg = only(await capture(() => void new Thing("unk", { thingName: "unk", size: 1 })));
    const olds = { ...reg.inputs, zone: "z1", flavor: "small" };
    const checked = await host.check(reg.urn, olds, { ...reg.inputs, size: UNKNOWN });
    expect(checked.failures).toEqual([]);
    expect(checked.inputs.size).toBe(UNKNOWN);
    expect(await host.diff("unk", reg.urn, olds, checked.inputs)).toEqual({
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
    });
    const zone = await host.check(reg.urn, olds, { ...reg.inputs, zone: UNKNOWN });
    expect((await host.diff("unk", reg.urn, olds, zone.inputs)).replaces).toEqual(["zone"]);
  });

  test("a preview program sees other resources' outputs as UNKNOWN", async () => {
    const regs = await capture(() => {
      const a = new Thing("pa", { size: 1 });
      new Thing("pb", { size: a.size.apply((s) => s + 1), zone: a.id });
    }, true);
    const pb = regs.find((r) => r.name === "pb");
    // The mock's state makes a.size known (2); a.id is not known until the real create.
    expect(pb?.inputs).toMatchObject({ size: 2, zone: UNKNOWN });

    const d = new Deployment(host);
    const result = await d.preview(regs);
    expect(ops(result)).toEqual(["create:pa", "create:pb"]);
    expect(rpcs(result)).toEqual(["Check", "Check"]);
    expect(result.steps[1]?.outputs).toMatchObject({ zone: UNKNOWN });
    expect(d.state).toEqual([]);
  });

  test("captureRegistrations reports a provider that cannot be serialized", async () => {
    // A bound function has no source text to serialize (like a captured SDK client, §1, it fails).
    const max = Math.max.bind(null);
    const bad: pulumi.dynamic.ResourceProvider = {
      async create() {
        return { id: String(max(1, 2)) };
      },
    };
    class Bad extends pulumi.dynamic.Resource {}
    await expect(capture(() => void new Bad(bad, "bad", {}))).rejects.toThrow(
      /program failed under mocks.*not registered: pulumi-nodejs:dynamic:Resource::bad.*serializ/s,
    );
  });
});

describe("Deployment: up, preview, refresh, destroy with the engine's rules", () => {
  let d: Deployment;
  let providerText: string;
  beforeAll(() => {
    d = new Deployment(host, { config: { "harness:region": "cn-test-1" } });
  });
  let alphaSize = 1;
  let alphaZone = "z1";
  let betaFlavor = "small";
  let withBeta = true;
  let withGamma = false;

  const program = () =>
    capture(() => {
      new Thing("alpha", { thingName: "alpha", size: alphaSize, zone: alphaZone });
      if (withBeta) new Thing("beta", { size: 2, flavor: betaFlavor, token: pulumi.secret(SECRET) });
      if (withGamma) new Thing("gamma", { thingName: "gamma", size: 3, bootFails: true });
    });

  // Asks the provider directly (not through the Deployment) whether an object still exists.
  async function exists(id: string): Promise<boolean> {
    return (
      (await host.read(id, urnOf(STACK, PROJECT, TYPE, "probe"), { __provider: providerText })).id !== ""
    );
  }

  test("first up creates; secrets are sealed in the checkpoint", async () => {
    const result = await d.up(await program());
    expect(ops(result)).toEqual(["create:alpha", "create:beta"]);
    expect(rpcs(result)).toEqual(["Configure", "Check", "Create", "Check", "Create"]);
    providerText = d.resource("alpha")?.outputs.__provider as string;
    const beta = d.resource("beta");
    expect(beta?.outputs.token).toBe(SECRET);
    expect(beta?.secretOutputs).toEqual(["token"]);
    expect(d.stateJson()).not.toContain(SECRET);
    expect(d.stateJson()).toContain("1b47061264138c4ac30d75fd1eb44270");
  });

  test("a second up with no changes makes no creates or updates", async () => {
    const result = await d.up(await program());
    expect(result.changes).toEqual({ same: 2 });
    expect(rpcs(result)).toEqual(["Configure", "Check", "Diff", "Check", "Diff"]);
  });

  test("preview plans an update without calling Update or touching state", async () => {
    alphaSize = 10;
    const before = d.stateJson();
    const result = await d.preview(await program());
    expect(ops(result)).toEqual(["update:alpha", "same:beta"]);
    expect(result.steps[0]).toMatchObject({ preview: true, outputs: expect.objectContaining({ size: 10 }) });
    expect(rpcs(result)).not.toContain("Update");
    expect(d.stateJson()).toBe(before);
  });

  test("up applies the update", async () => {
    const result = await d.up(await program());
    expect(ops(result)).toEqual(["update:alpha", "same:beta"]);
    expect(d.resource("alpha")?.outputs).toMatchObject({ size: 10, version: 2 });
  });

  test("a name-keyed replacement deletes before it creates", async () => {
    alphaZone = "z2";
    const result = await d.up(await program());
    expect(ops(result)).toEqual([
      "delete-replaced:alpha",
      "replace:alpha",
      "create-replacement:alpha",
      "same:beta",
    ]);
    expect(result.steps[1]?.diff).toEqual({ changes: "some", replaces: ["zone"], deleteBeforeReplace: true });
    expect(d.resource("alpha")?.outputs).toMatchObject({ zone: "z2", version: 1 });
  });

  test("a create-before-delete replacement re-checks (new auto-name) and deletes the old one last", async () => {
    const oldBeta = d.resource("beta");
    betaFlavor = "large";
    const result = await d.up(await program());
    expect(ops(result)).toEqual([
      "same:alpha",
      "create-replacement:beta",
      "replace:beta",
      "delete-replaced:beta",
    ]);
    expect(rpcs(result)).toEqual([
      "Configure",
      "Check",
      "Diff",
      "Check",
      "Diff",
      "Check",
      "Create",
      "Delete",
    ]);
    const newBeta = d.resource("beta");
    expect(newBeta?.id).not.toBe(oldBeta?.id);
    expect(newBeta?.outputs.flavor).toBe("large");
    expect(d.state).toHaveLength(2);
    expect(await exists(oldBeta?.id ?? "")).toBe(false);
  });

  test("a partial-failure create is recorded with init errors; the next up updates it", async () => {
    withGamma = true;
    const err = (await d.up(await program()).catch((e: unknown) => e)) as DeploymentError;
    expect(err).toBeInstanceOf(DeploymentError);
    expect(err.message).toContain("thing gamma failed to boot");
    expect(err.partial).toMatchObject({ id: "gamma", reasons: ["boot failed"] });
    expect(ops(err.result)).toEqual(["same:alpha", "same:beta", "create:gamma"]);
    expect(err.result.steps[2]).toMatchObject({ failed: true, id: "gamma" });
    const gamma = d.resource("gamma");
    expect(gamma).toMatchObject({ id: "gamma", initErrors: ["boot failed"] });
    expect(gamma?.outputs).toMatchObject({ status: "broken" });
    expect(gamma?.outputs.__provider).toBeDefined();

    const retry = await d.up(await program());
    expect(ops(retry)).toEqual(["same:alpha", "same:beta", "update:gamma"]);
    expect(retry.steps[2]).toMatchObject({ initErrorRetry: true, diff: { changes: "none" } });
    expect(d.resource("gamma")).toMatchObject({
      initErrors: [],
      outputs: expect.objectContaining({ status: "ready" }),
    });

    expect((await d.up(await program())).changes).toEqual({ same: 3 });
  });

  test("refresh drops an object deleted outside Pulumi; the next up recreates it", async () => {
    const alpha = d.resource("alpha");
    if (!alpha) throw new Error("alpha missing");
    await host.delete(alpha.id, alpha.urn, alpha.outputs); // out of band: state still has it
    const refreshed = await d.refresh();
    expect(refreshed.steps.map((s) => `${s.urn.split("::").pop()}:${s.gone ? "gone" : "ok"}`)).toEqual([
      "alpha:gone",
      "beta:ok",
      "gamma:ok",
    ]);
    expect(d.resource("alpha")).toBeUndefined();
    // Read returned inputs: they replace the stored ones (3.216+).
    expect(d.resource("gamma")?.inputs).toEqual({
      thingName: "gamma",
      size: 3,
      zone: "z1",
      flavor: "small",
      __provider: expect.any(String),
    });

    const result = await d.up(await program());
    expect(result.changes).toMatchObject({ create: 1 });
    expect(d.state.map((r) => r.urn.split("::").pop())).toEqual(["alpha", "beta", "gamma"]);
  });

  test("check failures stop the run before any other call", async () => {
    const regs = await capture(() => void new Thing("alpha", { thingName: "alpha", size: -1 }));
    const err = (await d.up(regs).catch((e: unknown) => e)) as DeploymentError;
    expect(err).toBeInstanceOf(DeploymentError);
    expect(err.failures).toEqual([{ property: "size", reason: "size must be a non-negative number" }]);
    expect(err.message).toMatch(/check errors:\n {2}- property size: size must be a non-negative number/);
    expect(rpcs(err.result)).toEqual(["Configure", "Check"]);
    expect(d.state).toHaveLength(3);
  });

  test("resources dropped from the program are deleted; destroy deletes the rest in reverse", async () => {
    withBeta = false;
    const result = await d.up(await program());
    expect(ops(result)).toEqual(["same:alpha", "same:gamma", "delete:beta"]);

    const ids = d.state.map((r) => r.id);
    const destroyed = await d.destroy();
    expect(ops(destroyed)).toEqual(["delete:gamma", "delete:alpha"]);
    expect(d.state).toEqual([]);
    for (const id of ids) expect(await exists(id)).toBe(false);
    expect(d.history.map((h) => h.kind)).toEqual([
      "up",
      "up",
      "preview",
      "up",
      "up",
      "up",
      "up",
      "up",
      "up",
      "refresh",
      "up",
      "up",
      "up",
      "destroy",
    ]);
  });
});

describe("host process lifecycle", () => {
  test("a killed host fails calls with UNAVAILABLE; close is idempotent", async () => {
    const crashing = await ProviderHost.start({ cwd: project.dir, project: PROJECT, stack: STACK });
    try {
      expect((await crashing.getPluginInfo()).version).toMatch(/^\d+\.\d+\.\d+/);
      await crashing.kill();
      expect(await crashing.exited).toEqual({ code: null, signal: "SIGKILL" });
      const err = (await crashing.getPluginInfo().catch((e: unknown) => e)) as ProviderRpcError;
      expect(err).toBeInstanceOf(ProviderRpcError);
      expect(err.code).toBe(14);
    } finally {
      await crashing.close();
      await crashing.close();
    }
  });
});
