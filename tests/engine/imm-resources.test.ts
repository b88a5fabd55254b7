/**
 * imm.Project / imm.Dataset / imm.Binding through the REAL @pulumi/pulumi dynamic-provider host,
 * driven over gRPC the way the engine drives it, with the serialized providers taken from the real
 * program-side classes (the compiled package), against the local emulator over HTTP.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { imm } from "../../provider/operations";
import { captureRegistrations } from "../harness/registrations";
import { type ProviderHost, UNKNOWN } from "../harness/provider-host";
import { startEngineFixture, type EngineFixture } from "../support/engine-fixture";

type Registration = { type: string; name: string; urn: string; inputs: Record<string, unknown> };

const root = path.resolve(__dirname, "../..");
// The compiled package, exactly as users get it (npm test builds first).
const media = require(path.join(root, "dist/sdk")) as typeof import("../../sdk");

/**
 * design.md targets 2 KB. Pulumi wraps every serialized function in ~190 bytes of scaffolding, so a
 * seven-method provider sits at that floor (2,048 bytes for imm:Project); the bound leaves room for
 * longer type names only. Anything inlined by mistake (a schema, a client) costs tens of KB.
 */
const THIN_PROVIDER_MAX_BYTES = 2100;

const ACCESS_KEY_ID = "engine-test-id";
const ACCESS_KEY_SECRET = "engine-test-secret-do-not-leak";

let fixture: EngineFixture;
let host: ProviderHost;

const outOfBand = () => fixture.outOfBand("imm");
const totalRequests = () => fixture.requestCount();

async function register(program: () => void): Promise<Registration[]> {
  return (await captureRegistrations(program, { project: "enginetest", stack: "dev" })) as Registration[];
}

beforeAll(async () => {
  fixture = await startEngineFixture({
    accessKeyId: ACCESS_KEY_ID,
    accessKeySecret: ACCESS_KEY_SECRET,
    timings: { bindingScanMs: 300 },
  });
  host = fixture.host;
});

afterAll(() => fixture?.close());

describe("the serialized provider across package versions", () => {
  it("is byte-identical for a build of another version whose provider code changed", async () => {
    // A "next release": same sdk, a different version and different engine-side code.
    const next = fs.mkdtempSync(path.join(os.tmpdir(), "next-release-"));
    try {
      fs.cpSync(path.join(root, "dist"), path.join(next, "dist"), { recursive: true });
      const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
      fs.writeFileSync(path.join(next, "package.json"), JSON.stringify({ ...pkg, version: "99.0.0" }));
      fs.appendFileSync(path.join(next, "dist/provider/index.js"), "\n// a change in the next release\n");
      fs.symlinkSync(path.join(root, "node_modules"), path.join(next, "node_modules"), "dir");
      const nextMedia = require(path.join(next, "dist/sdk")) as typeof import("../../sdk");
      const program = (m: typeof media) => () => {
        new m.imm.Project("p", {});
        new m.imm.Dataset("d", { projectName: "p" });
        new m.imm.Binding("b", { projectName: "p", datasetName: "d", uri: "oss://b-bucket" });
      };
      const current = await register(program(media));
      const upgraded = await register(program(nextMedia));
      expect(upgraded.map((r) => r.inputs.__provider)).toEqual(current.map((r) => r.inputs.__provider));
      for (const r of current)
        expect((r.inputs.__provider as string).length).toBeLessThan(THIN_PROVIDER_MAX_BYTES);
    } finally {
      fs.rmSync(next, { recursive: true, force: true });
    }
  });
});

describe("imm.Project through the provider host", () => {
  let reg: Registration;
  let id: string;
  let state: Record<string, unknown>;
  let inputs: Record<string, unknown>;

  beforeAll(async () => {
    const registrations = await register(() => {
      new media.imm.Project("photos", { description: "family photos", tags: { env: "dev" } });
    });
    reg = registrations[0]!;
  });

  it("serializes a thin provider: small, no secrets, no inlined code, the right type token", () => {
    const provider = reg.inputs.__provider as string;
    expect(reg.type).toBe("pulumi-nodejs:dynamic/alicloud-media/imm:Project");
    expect(provider.length).toBeLessThan(THIN_PROVIDER_MAX_BYTES);
    expect(provider).toContain('require("pulumi-alicloud-media/provider")');
    expect(provider).not.toContain(ACCESS_KEY_SECRET);
    expect(provider).not.toMatch(/openapi|zod|Bottleneck|cockatiel/i);
  });

  it("refuses bad input at check with zero API calls", async () => {
    const before = totalRequests();
    const result = await host.check(
      reg.urn,
      {},
      { ...reg.inputs, projectName: "-bad", datasetMaxBindCount: 99 },
    );
    expect(result.failures.map((f: { property: string }) => f.property).sort()).toEqual([
      "datasetMaxBindCount",
      "projectName",
    ]);
    expect(totalRequests()).toBe(before);
  });

  it("check → create → read → diff (no change)", async () => {
    const checked = await host.check(reg.urn, {}, reg.inputs);
    expect(checked.failures).toEqual([]);
    inputs = checked.inputs;
    expect(inputs.projectName).toMatch(/^photos-[0-9a-f]{8}$/);

    const created = await host.create(reg.urn, inputs);
    id = created.id;
    state = created.properties;
    expect(id).toBe(inputs.projectName);
    expect(state).toMatchObject({
      description: "family photos",
      tags: { env: "dev" },
      serviceRole: "AliyunIMMDefaultRole",
    });
    expect(JSON.stringify(state)).not.toContain(ACCESS_KEY_SECRET);

    const read = await host.read(id, reg.urn, state, inputs);
    expect(read.id).toBe(id);
    const diff = await host.diff(id, reg.urn, read.properties, inputs);
    expect(diff.changes).toBe("none");
    // A second check keeps the generated name.
    expect((await host.check(reg.urn, inputs, reg.inputs)).inputs.projectName).toBe(inputs.projectName);
  });

  it("updates a changed description in place", async () => {
    const news = (await host.check(reg.urn, inputs, { ...reg.inputs, description: "all photos" })).inputs;
    const diff = await host.diff(id, reg.urn, state, news);
    expect(diff).toMatchObject({ changes: "some", replaces: [] });
    const updated = await host.update(id, reg.urn, state, news);
    expect(updated.properties.description).toBe("all photos");
    state = updated.properties;
    inputs = news;
  });

  it("plans a replacement, delete first, when the name changes, and not for an unknown description", async () => {
    const renamed = (await host.check(reg.urn, inputs, { ...reg.inputs, projectName: "photos-renamed" }))
      .inputs;
    expect(await host.diff(id, reg.urn, state, renamed)).toMatchObject({
      changes: "some",
      replaces: ["projectName"],
      deleteBeforeReplace: true,
    });
    const unknown = (await host.check(reg.urn, inputs, { ...reg.inputs, description: UNKNOWN })).inputs;
    expect(await host.diff(id, reg.urn, state, unknown)).toMatchObject({ changes: "some", replaces: [] });
  });

  it("sees an out-of-band change on read and repairs it with update", async () => {
    // Someone edits the project in the console: a signed call from outside the provider host.
    await outOfBand().call(imm.UpdateProject, { ProjectName: id, Description: "changed by hand" });
    const read = await host.read(id, reg.urn, state, inputs);
    expect(read.properties.description).toBe("changed by hand");
    expect(read.inputs?.description).toBe("changed by hand");
    const diff = await host.diff(id, reg.urn, read.properties, inputs);
    expect(diff.changes).toBe("some");
    const repaired = await host.update(id, reg.urn, read.properties, inputs);
    expect(repaired.properties.description).toBe("all photos");
    state = repaired.properties;
  });

  it("deletes, and then reads the project as gone", async () => {
    await host.delete(id, reg.urn, state);
    const read = await host.read(id, reg.urn, state, inputs);
    expect(read.id).toBe("");
  });
});
