/**
 * Derived identities and implicit takeover, from the program-side classes (run under Pulumi's mocks,
 * which compute URNs as the engine does) through the generic lifecycle and the real openapi-client,
 * over HTTP, against the emulator:
 * - two stacks with the same project and stack names in different organizations, and two resources of
 *   one name under different parents, derive different titles / ObjectIds / client tokens and make
 *   two objects, never taking each other's over;
 * - the identity the SDK sends holds the organization and the whole URN (parent chain included);
 * - an object carrying the resource's marker but created outside the recovery window is refused with a
 *   message naming it and `adopt: true`; with `adopt: true` it is taken over.
 */
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { RECOVERY_WINDOW_ENV } from "../../provider/framework/identity";
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceContext, ResourceSpec } from "../../provider/framework/spec";
import { editingProjectSpec } from "../../provider/ice/editing-project";
import { batchSpec } from "../../provider/imm/batch";
import { storySpec } from "../../provider/imm/story";
import { imm } from "../../provider/operations";
import { ApiClient, createOpenApi } from "../../provider/runtime";
import * as media from "../../sdk";
import { captureRegistrations, type Registration } from "../harness/registrations";

const PROJECT = "identity-it";
const DATASET = "photos";
let emulator: RunningEmulator;
let immClient: ApiClient;
let iceClient: ApiClient;
const logs: string[] = [];

const context = (): ResourceContext => ({
  clients: { imm: immClient, ice: iceClient },
  log: { info: (m) => logs.push(m), warn: (m) => logs.push(`WARN ${m}`) },
});
const lifecycles = {
  "ice:EditingProject": new ResourceLifecycle(editingProjectSpec as unknown as ResourceSpec, context),
  "imm:Story": new ResourceLifecycle(storySpec as unknown as ResourceSpec, context),
  "imm:Batch": new ResourceLifecycle(batchSpec as unknown as ResourceSpec, context),
};
type Kind = keyof typeof lifecycles;
const kindOf = (reg: Registration) => reg.type.split("/").pop() as Kind;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { storyTaskMs: 50, batchMs: 100 } });
  const url = new URL(emulator.url);
  const make = (product: "imm" | "ice") =>
    new ApiClient(
      createOpenApi(
        { host: url.host, protocol: "http" },
        { accessKeyId: "emulator-access-key-id", accessKeySecret: "emulator-access-key-secret" },
      ),
      product,
    );
  immClient = make("imm");
  iceClient = make("ice");
});
afterAll(() => emulator?.close());
beforeEach(async () => {
  emulator.reset();
  logs.length = 0;
  delete process.env[RECOVERY_WINDOW_ENV];
  await immClient.call(imm.CreateProject, { ProjectName: PROJECT });
  await immClient.call(imm.CreateDataset, { ProjectName: PROJECT, DatasetName: DATASET });
});
afterAll(() => delete process.env[RECOVERY_WINDOW_ENV]);

/** The program every stack runs: one resource of each kind whose identity is derived. */
function program(parent?: () => pulumi.ComponentResource) {
  return () => {
    const opts = parent ? { parent: parent() } : undefined;
    new media.ice.EditingProject("intro", {}, opts);
    new media.imm.Story(
      "summer",
      { projectName: PROJECT, datasetName: DATASET, storyType: "TimeMemory" },
      opts,
    );
    new media.imm.Batch(
      "convert",
      {
        projectName: PROJECT,
        input: { oss: { bucket: "identity-bucket" } },
        actions: [{ name: "doc/convert" }],
      },
      opts,
    );
  };
}

async function stack(organization: string, parent?: string): Promise<Registration[]> {
  const registrations = await captureRegistrations(
    program(parent ? () => new pulumi.ComponentResource(`app:index:${parent}`, parent) : undefined),
    { project: "media", stack: "dev", organization },
  );
  return registrations.filter((reg) => reg.type.includes("alicloud-media"));
}

/** `pulumi up` of a fresh stack: check with no olds, then create. */
async function up(reg: Registration, extra: Record<string, unknown> = {}) {
  const lifecycle = lifecycles[kindOf(reg)];
  const { inputs, failures } = await lifecycle.check({}, { ...reg.inputs, ...extra });
  expect(failures).toEqual([]);
  return { inputs, created: await lifecycle.create(inputs) };
}

const count = (table: string) => Object.keys(emulator.resources()[table] ?? {}).length;

describe("derived identities", () => {
  it("the SDK sends the organization and the whole URN, parent chain included", async () => {
    const [plain] = await stack("acme");
    const [nested] = await stack("acme", "Site");
    expect(plain!.inputs.__identity).toBe(
      "acme::urn:pulumi:dev::media::pulumi-nodejs:dynamic/alicloud-media/ice:EditingProject::intro",
    );
    expect(nested!.inputs.__identity).toBe(
      "acme::urn:pulumi:dev::media::app:index:Site$pulumi-nodejs:dynamic/alicloud-media/ice:EditingProject::intro",
    );
    expect(nested!.urn).toBe(String(nested!.inputs.__identity).replace(/^acme::/, ""));
  });

  it("two organizations with the same project and stack make two objects of each kind", async () => {
    const first = await stack("acme");
    const second = await stack("globex");
    const results = [];
    for (const reg of [...first, ...second]) results.push(await up(reg));
    const ids = results.map((r) => r.created.id);
    expect(new Set(ids).size).toBe(6);
    expect(count("ice.editingProjects")).toBe(2);
    expect(count("imm.batches")).toBe(2);
    expect(logs.filter((line) => /taking it over/.test(line))).toEqual([]);
  });

  // A URN holds the parents' types, not their names (one stack cannot hold two resources of one name
  // under two parents of one type): parents of two types are what one stack can hold.
  it("two resources of one name under different parents make two objects of each kind", async () => {
    const results = [];
    for (const reg of [...(await stack("acme", "Blog")), ...(await stack("acme", "Shop"))])
      results.push(await up(reg));
    expect(new Set(results.map((r) => r.created.id)).size).toBe(6);
    expect(logs.filter((line) => /taking it over/.test(line))).toEqual([]);
  });
});

describe("implicit takeover", () => {
  it("takes over its own interrupted create within the recovery window, without a second object", async () => {
    for (const reg of await stack("acme")) {
      const first = await up(reg);
      // The apply was interrupted before the state was written: the next `pulumi up` checks afresh.
      const again = await up(reg);
      expect(again.created.id).toBe(first.created.id);
    }
    expect(count("ice.editingProjects")).toBe(1);
    expect(count("imm.batches")).toBe(1);
  });

  it.each(["ice:EditingProject", "imm:Story", "imm:Batch"] as const)(
    "refuses an old %s carrying its marker, naming it and adopt: true; adopt: true takes it over",
    async (kind) => {
      const reg = (await stack("acme")).find((r) => kindOf(r) === kind)!;
      const first = await up(reg);
      process.env[RECOVERY_WINDOW_ENV] = "0";
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const refused = await up(reg).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(refused).toBeInstanceOf(Error);
      expect(refused!.message).toMatch(/already exists and is not taken over/);
      expect(refused!.message).toMatch(/outside the 0-hour recovery window/);
      expect(refused!.message).toContain("`adopt: true`");
      expect(refused!.message).toContain(first.created.id.split("/").pop()!);
      const adopted = await up(reg, { adopt: true });
      expect(adopted.created.id).toBe(first.created.id);
    },
  );
});
