/**
 * Each IMM resource's create / read / update / delete through the generic lifecycle and the real
 * openapi-client, over HTTP, against the local emulator. Includes the property that matters most to
 * users: for any valid declaration, create → read → diff reports no change (no perpetual diffs).
 */
import fc from "fast-check";
import { startEmulator } from "../../emulator";
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceContext, ResourceSpec } from "../../provider/framework/spec";
import { bindingSpec } from "../../provider/imm/binding";
import { datasetSpec } from "../../provider/imm/dataset";
import { projectSpec } from "../../provider/imm/project";
import { clientsFor, resolveSettings } from "../../provider/runtime";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;
let context: () => ResourceContext;
const logs: string[] = [];

const lifecycle = (spec: unknown) => new ResourceLifecycle(spec as ResourceSpec, () => context());

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { bindingScanMs: 200 } });
  const url = new URL(emulator.url);
  const settings = resolveSettings(
    {
      get: (key) =>
        ({
          "alicloud-media:immEndpoint": url.origin,
          "alicloud-media:iceEndpoint": url.origin,
          "alicloud-media:accessKeyId": "emulator-access-key-id",
          "alicloud-media:accessKeySecret": "emulator-access-key-secret",
        })[key],
    },
    {},
  );
  context = () => ({
    clients: clientsFor(settings),
    log: { info: (m) => logs.push(m), warn: (m) => logs.push(m) },
  });
});
afterAll(() => emulator?.close());

async function checked(
  l: ResourceLifecycle,
  news: Record<string, unknown>,
  olds: Record<string, unknown> = {},
) {
  const { inputs, failures } = await l.check(olds, news);
  expect(failures).toEqual([]);
  return inputs;
}

describe("imm.Project", () => {
  const project = lifecycle(projectSpec);

  it("creates, reads back without a diff, updates in place, and deletes", async () => {
    const inputs = await checked(project, { __logicalName: "crud", description: "one", tags: { a: "1" } });
    const created = await project.create(inputs);
    expect(created.outs).toMatchObject({
      description: "one",
      tags: { a: "1" },
      datasetMaxTotalFileSize: "90000000000000000",
    });

    const read = await project.read(created.id, created.outs);
    expect(await project.diff(created.id, read.props!, inputs)).toMatchObject({ changes: false });

    const next = await checked(
      project,
      { __logicalName: "crud", description: "two", datasetMaxBindCount: 4 },
      inputs,
    );
    const updated = await project.update(created.id, read.props!, next);
    expect(updated.outs).toMatchObject({ description: "two", datasetMaxBindCount: "4", tags: {} });
    expect(await project.diff(created.id, updated.outs, next)).toMatchObject({ changes: false });

    await project.delete(created.id, updated.outs);
    expect(await project.read(created.id, updated.outs)).toEqual({});
    // Deleting what is already gone succeeds.
    await project.delete(created.id, updated.outs);
  });

  it("explains a name collision and adopts the existing project on request", async () => {
    const inputs = await checked(project, { projectName: "taken-name", description: "original" });
    await project.create(inputs);
    // Another resource (another identity) declaring the same name: the project is not its own.
    await expect(project.create({ ...inputs, __identity: "org::urn:another" })).rejects.toThrow(
      /project taken-name already exists and is not taken over: .*set `adopt: true`/,
    );
    const adopted = await project.create({ ...inputs, description: "adopted", adopt: true });
    expect(adopted.outs.description).toBe("adopted");
    await project.delete(adopted.id, adopted.outs);
  });

  it("for any valid declaration, create → read → diff reports no change", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            description: fc.string({ maxLength: 40 }),
            serviceRole: fc.constantFrom("AliyunIMMDefaultRole", "CustomRole"),
            templateId: fc.constantFrom("", "Official:ImageManagement"),
            datasetMaxBindCount: fc.integer({ min: 1, max: 10 }),
            datasetMaxFileCount: fc.oneof(fc.integer({ min: 1, max: 100_000_000 }), fc.constant("100000000")),
            datasetMaxTotalFileSize: fc.constantFrom("90000000000000000", 1_000_000),
            tags: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 8 }), {
              maxKeys: 3,
            }),
          },
          { requiredKeys: [] },
        ),
        async (declared) => {
          const inputs = await checked(project, { __logicalName: "prop", ...declared });
          const created = await project.create(inputs);
          try {
            const read = await project.read(created.id, created.outs);
            expect(await project.diff(created.id, read.props!, inputs)).toMatchObject({ changes: false });
            // A refresh's returned inputs, checked again, also show no change.
            const again = await checked(project, { __logicalName: "prop", ...declared }, read.inputs!);
            expect(await project.diff(created.id, read.props!, again)).toMatchObject({ changes: false });
          } finally {
            await project.delete(created.id, created.outs);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe("imm.Dataset and imm.Binding", () => {
  const project = lifecycle(projectSpec);
  const dataset = lifecycle(datasetSpec);
  const binding = lifecycle(bindingSpec);

  it("creates a dataset, binds a bucket and waits for scanning, refuses an unforced delete, force-deletes", async () => {
    const p = await project.create(await checked(project, { projectName: "ds-parent" }));
    const dsInputs = await checked(dataset, {
      projectName: "ds-parent",
      datasetName: "photos",
      description: "d",
    });
    const ds = await dataset.create(dsInputs);
    expect(ds.id).toBe("ds-parent/photos");
    expect(ds.outs).toMatchObject({ datasetMaxBindCount: "10", bindCount: 0 });
    expect(await dataset.diff(ds.id, (await dataset.read(ds.id, ds.outs)).props!, dsInputs)).toMatchObject({
      changes: false,
    });

    const updated = await dataset.update(ds.id, ds.outs, {
      ...dsInputs,
      description: "new",
      datasetMaxFileCount: 500,
    });
    expect(updated.outs).toMatchObject({ description: "new", datasetMaxFileCount: "500" });

    const bInputs = await checked(binding, {
      projectName: "ds-parent",
      datasetName: "photos",
      uri: "oss://bucket-one",
    });
    const b = await binding.create(bInputs);
    expect(b.id).toBe("ds-parent/photos/oss://bucket-one");
    expect(b.outs.state).toBe("Running");
    expect(logs.some((line) => line.includes("binding of oss://bucket-one"))).toBe(true);

    await expect(dataset.delete(ds.id, updated.outs)).rejects.toThrow(
      /still has 1 binding\(s\).*forceDestroy: true/,
    );
    await dataset.delete(ds.id, { ...updated.outs, forceDestroy: true });
    expect(await dataset.read(ds.id, updated.outs)).toEqual({});
    expect(await binding.read(b.id, b.outs)).toEqual({});
    await project.delete(p.id, p.outs);
  });
});

describe("imm.Dataset forceDestroy", () => {
  const project = lifecycle(projectSpec);
  const dataset = lifecycle(datasetSpec);
  const binding = lifecycle(bindingSpec);

  it("turned on alone is an update that calls no API and that the next delete honours", async () => {
    const p = await project.create(await checked(project, { projectName: "force-later" }));
    const declared = { projectName: "force-later", datasetName: "kept" };
    const inputs = await checked(dataset, declared);
    const ds = await dataset.create(inputs);
    await binding.create(await checked(binding, { ...declared, uri: "oss://force-later-bucket" }));
    await expect(dataset.delete(ds.id, ds.outs)).rejects.toThrow(/forceDestroy: true/);

    const forced = await checked(dataset, { ...declared, forceDestroy: true }, inputs);
    expect(await dataset.diff(ds.id, ds.outs, forced)).toMatchObject({ changes: true, replaces: [] });
    const before = emulator.stats().requests.UpdateDataset ?? 0;
    const updated = await dataset.update(ds.id, ds.outs, forced);
    expect(emulator.stats().requests.UpdateDataset ?? 0).toBe(before);
    expect(updated.outs.forceDestroy).toBe(true);
    // Destroy receives the stored outputs: the flag is there now.
    await dataset.delete(ds.id, updated.outs);
    expect(await dataset.read(ds.id, updated.outs)).toEqual({});
    await project.delete(p.id, p.outs);
  });
});

describe("imm.Dataset, for any valid declaration", () => {
  const project = lifecycle(projectSpec);
  const dataset = lifecycle(datasetSpec);

  it("create → read → diff reports no change, also after a refresh's inputs", async () => {
    const parent = await project.create(await checked(project, { projectName: "ds-prop-parent" }));
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            description: fc.string({ maxLength: 256 }),
            templateId: fc.constantFrom("", "Official:ImageManagement", "Official:VideoManagement"),
            datasetMaxBindCount: fc.oneof(fc.integer({ min: 1, max: 10 }), fc.constant("10")),
            datasetMaxFileCount: fc.integer({ min: 1, max: 100_000_000 }),
            datasetMaxEntityCount: fc.constantFrom(1, "10000000000", 5_000),
            datasetMaxRelationCount: fc.constantFrom("100000000000", 7),
            datasetMaxTotalFileSize: fc.constantFrom("90000000000000000", 1_000_000),
            workflowParameters: fc.array(
              fc.record({ name: fc.stringMatching(/^[A-Za-z]{1,8}$/), value: fc.string({ maxLength: 8 }) }),
              { maxLength: 2 },
            ),
          },
          { requiredKeys: [] },
        ),
        async (declared) => {
          const inputs = await checked(dataset, {
            __logicalName: "prop",
            projectName: "ds-prop-parent",
            ...declared,
          });
          const created = await dataset.create(inputs);
          try {
            const read = await dataset.read(created.id, created.outs);
            expect(await dataset.diff(created.id, read.props!, inputs)).toMatchObject({ changes: false });
            const again = await checked(
              dataset,
              { __logicalName: "prop", projectName: "ds-prop-parent", ...declared },
              read.inputs!,
            );
            expect(await dataset.diff(created.id, read.props!, again)).toMatchObject({ changes: false });
          } finally {
            await dataset.delete(created.id, created.outs);
          }
        },
      ),
      { numRuns: 25 },
    );
    await project.delete(parent.id, parent.outs);
  });
});

describe("a name-keyed create whose answer is lost", () => {
  const project = lifecycle(projectSpec);
  const dataset = lifecycle(datasetSpec);
  const binding = lifecycle(bindingSpec);
  afterEach(() => emulator.clearFaults());

  async function count(action: string): Promise<number> {
    return emulator.stats().requests[action] ?? 0;
  }

  it("takes over what the lost attempt created, for each of Project, Dataset and Binding", async () => {
    // Every create is committed and its answer dropped: the repeat finds the name taken.
    emulator.setFaults({ lostResponseRate: 1, actions: ["CreateProject", "CreateDataset", "CreateBinding"] });
    const before = await count("CreateProject");
    const p = await project.create(await checked(project, { projectName: "lost-answer", description: "d" }));
    expect(p.outs).toMatchObject({ projectName: "lost-answer", description: "d" });
    expect((await count("CreateProject")) - before).toBe(2); // the lost attempt and one repeat

    const ds = await dataset.create(
      await checked(dataset, { projectName: "lost-answer", datasetName: "lost-ds", datasetMaxBindCount: 2 }),
    );
    expect(ds.outs).toMatchObject({ datasetName: "lost-ds", datasetMaxBindCount: "2" });

    const b = await binding.create(
      await checked(binding, {
        projectName: "lost-answer",
        datasetName: "lost-ds",
        uri: "oss://lost-bucket",
      }),
    );
    expect(b.outs.state).toBe("Running");
    expect(logs.some((line) => /the answer to its create was lost/.test(line))).toBe(true);

    emulator.clearFaults();
    await dataset.delete(ds.id, { ...ds.outs, forceDestroy: true });
    await project.delete(p.id, p.outs);
  });

  it("still refuses a name that was taken before the call (no lost answer)", async () => {
    const inputs = await checked(project, { projectName: "taken-before" });
    const first = await project.create(inputs);
    await expect(project.create({ ...inputs, __identity: "org::urn:another" })).rejects.toThrow(
      /already exists and is not taken over/,
    );
    await project.delete(first.id, first.outs);
  });
});
