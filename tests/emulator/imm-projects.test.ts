/**
 * IMM projects on the emulator (IMM API reference: CreateProject and the project operations), through the
 * project's own ApiClient over HTTP: success with documented defaults and shapes, ResourceNotFound /
 * ResourceAlreadyExists, validation answered with the documented codes and a message naming the parameter,
 * quotas, paging, and the refusal to delete a project that still has datasets.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { imm } from "../../provider/operations";
import { NO_RETRY, expectErrorBody, immClient, rejection, send, signAcs3 } from "./support";

let emulator: RunningEmulator;
let client: ReturnType<typeof immClient>;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  client = immClient(emulator, { retry: NO_RETRY });
});
afterAll(() => emulator?.close());
beforeEach(() => emulator.reset());

const IMM_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}\+08:00$/;

describe("CreateProject / GetProject", () => {
  it("creates a project with the documented defaults", async () => {
    const { Project, RequestId } = await client.call(imm.CreateProject, { ProjectName: "defaults" });
    expect(RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(Project).toEqual({
      ProjectName: "defaults",
      Description: "",
      ServiceRole: "AliyunIMMDefaultRole",
      TemplateId: "",
      DatasetMaxBindCount: 10,
      DatasetMaxEntityCount: 10_000_000_000,
      DatasetMaxFileCount: 100_000_000,
      DatasetMaxRelationCount: 100_000_000_000,
      DatasetMaxTotalFileSize: 90_000_000_000_000_000,
      ProjectMaxDatasetCount: 1_000_000_000,
      ProjectQueriesPerSecond: 100,
      EngineConcurrency: 100,
      Tags: [],
      DatasetCount: 0,
      FileCount: 0,
      TotalFileSize: 0,
      CreateTime: expect.stringMatching(IMM_TIME),
      UpdateTime: expect.stringMatching(IMM_TIME),
    });
    const read = await client.call(imm.GetProject, { ProjectName: "defaults" });
    expect(read.Project).toEqual(Project);
  });

  it("stores every declared setting; tags go in as {Key,Value} and come back as {TagKey,TagValue}", async () => {
    const { Project } = await client.call(imm.CreateProject, {
      ProjectName: "_Custom-1",
      Description: "描述 with unicode",
      ServiceRole: "CustomRole",
      TemplateId: "Official:ImageManagement",
      DatasetMaxBindCount: 1,
      DatasetMaxFileCount: 5,
      ProjectMaxDatasetCount: 2,
      Tag: [{ Key: "env", Value: "dev" }, { Key: "empty" }],
    });
    expect(Project).toMatchObject({
      ProjectName: "_Custom-1",
      Description: "描述 with unicode",
      ServiceRole: "CustomRole",
      TemplateId: "Official:ImageManagement",
      DatasetMaxBindCount: 1,
      DatasetMaxFileCount: 5,
      ProjectMaxDatasetCount: 2,
      Tags: [
        { TagKey: "env", TagValue: "dev" },
        { TagKey: "empty", TagValue: "" },
      ],
    });
  });

  it("accepts a 128-character name", async () => {
    const name = `p${"x".repeat(127)}`;
    await expect(client.call(imm.CreateProject, { ProjectName: name })).resolves.toBeDefined();
  });

  it("answers a duplicate name with ResourceAlreadyExists (400) and changes nothing", async () => {
    await client.call(imm.CreateProject, { ProjectName: "dup", Description: "first" });
    const error = await rejection(
      client.call(imm.CreateProject, { ProjectName: "dup", Description: "second" }),
    );
    expect(error).toMatchObject({
      code: "ResourceAlreadyExists",
      httpStatus: 400,
      apiMessage: "The specified resource project already exists.",
    });
    expect(error.isAlreadyExists()).toBe(true);
    expect((await client.call(imm.GetProject, { ProjectName: "dup" })).Project?.Description).toBe("first");
  });

  it("answers an unknown project with ResourceNotFound (404 by default)", async () => {
    for (const call of [
      () => client.call(imm.GetProject, { ProjectName: "ghost" }),
      () => client.call(imm.UpdateProject, { ProjectName: "ghost", Description: "x" }),
      () => client.call(imm.DeleteProject, { ProjectName: "ghost" }),
    ]) {
      const error = await rejection(call());
      expect(error).toMatchObject({
        code: "ResourceNotFound",
        httpStatus: 404,
        apiMessage: "The specified resource project is not found.",
      });
      expect(error.isNotFound()).toBe(true);
    }
  });

  it("uses 400 for ResourceNotFound when configured so (notFoundStatus: 400)", async () => {
    const strict = await startEmulator({ port: 0, notFoundStatus: 400 });
    try {
      const error = await rejection(
        immClient(strict, { retry: NO_RETRY }).call(imm.GetProject, { ProjectName: "x" }),
      );
      expect(error).toMatchObject({ code: "ResourceNotFound", httpStatus: 400 });
    } finally {
      await strict.close();
    }
  });

  it("returns statistics only when asked (WithStatistics)", async () => {
    await client.call(imm.CreateProject, { ProjectName: "stats" });
    await client.call(imm.CreateDataset, { ProjectName: "stats", DatasetName: "d" });
    await client.call(imm.IndexFileMeta, {
      ProjectName: "stats",
      DatasetName: "d",
      File: { URI: "oss://some-bucket/a.jpg", Size: 1234 },
    });
    await new Promise((r) => setTimeout(r, 250)); // indexMs defaults to 100
    const plain = await client.call(imm.GetProject, { ProjectName: "stats" });
    expect(plain.Project).toMatchObject({ DatasetCount: 1, FileCount: 0, TotalFileSize: 0 });
    const full = await client.call(imm.GetProject, { ProjectName: "stats", WithStatistics: true });
    expect(full.Project).toMatchObject({ DatasetCount: 1, FileCount: 1, TotalFileSize: 1234 });
  });
});

describe("validation", () => {
  it.each([
    ["a name starting with a digit", { ProjectName: "1abc" }, "InvalidProjectName", "ProjectName"],
    ["a name with a dot", { ProjectName: "a.b" }, "InvalidProjectName", "ProjectName"],
    ["a name of 129 characters", { ProjectName: `p${"x".repeat(128)}` }, "InvalidProjectName", "at most 128"],
    [
      "a description of 257 characters",
      { ProjectName: "p", Description: "d".repeat(257) },
      "InvalidDescription",
      "Description",
    ],
    [
      "DatasetMaxBindCount 0",
      { ProjectName: "p", DatasetMaxBindCount: 0 },
      "InvalidDatasetMaxBindCount",
      "at least 1",
    ],
    [
      "DatasetMaxBindCount 11",
      { ProjectName: "p", DatasetMaxBindCount: 11 },
      "InvalidDatasetMaxBindCount",
      "at most 10",
    ],
    [
      "DatasetMaxFileCount above 100,000,000",
      { ProjectName: "p", DatasetMaxFileCount: 100_000_001 },
      "InvalidDatasetMaxFileCount",
      "at most 100000000",
    ],
    [
      "ProjectMaxDatasetCount 0",
      { ProjectName: "p", ProjectMaxDatasetCount: 0 },
      "InvalidProjectMaxDatasetCount",
      "at least 1",
    ],
    ["a tag without a key", { ProjectName: "p", Tag: [{ Value: "v" }] }, "InvalidTag", "Key"],
  ])("rejects %s", async (_what, params, code, mention) => {
    const error = await rejection(client.call(imm.CreateProject, params as never));
    expect(error).toMatchObject({ code, httpStatus: 400 });
    const parameter = code.replace(/^Invalid/, "");
    expect(error.apiMessage).toContain(`Specified parameter ${parameter} is not valid`);
    expect(error.apiMessage).toContain(mention);
    expect(emulator.resources()["imm.projects"] ?? {}).toEqual({});
  });

  // Our own client refuses to send these, so they go out as raw signed requests.
  const raw = (query: Record<string, string>) =>
    send(emulator, signAcs3({ host: new URL(emulator.url).host, action: "CreateProject", query }));

  it("rejects a missing ProjectName with IMM's InvalidArgument message", async () => {
    const response = await raw({});
    expectErrorBody(response, 400, "InvalidArgument");
    expect(response.json.Message).toBe("The parameter ProjectName is required but not provided.");
    expectErrorBody(await raw({ ProjectName: "" }), 400, "InvalidArgument");
  });

  it("rejects a quota that is not a decimal integer", async () => {
    for (const value of ["ten", "1.5", "1e3"]) {
      const response = await raw({ ProjectName: "p", DatasetMaxEntityCount: value });
      expectErrorBody(response, 400, "InvalidDatasetMaxEntityCount");
      expect(response.json.Message).toContain(`must be an integer (got "${value}")`);
    }
  });

  it("rejects a Tag that is not a JSON array with InvalidJSON, in the documented body shape", async () => {
    const response = await raw({ ProjectName: "p", Tag: "{not json" });
    expectErrorBody(response, 400, "InvalidJSON");
    expect(response.json.Message).toContain("Tag");
  });
});

describe("UpdateProject", () => {
  it("changes only what is sent and moves UpdateTime", async () => {
    const created = await client.call(imm.CreateProject, {
      ProjectName: "upd",
      Description: "one",
      Tag: [{ Key: "a", Value: "1" }],
    });
    await new Promise((r) => setTimeout(r, 5));
    const { Project } = await client.call(imm.UpdateProject, { ProjectName: "upd", DatasetMaxBindCount: 4 });
    expect(Project).toMatchObject({
      Description: "one",
      DatasetMaxBindCount: 4,
      Tags: [{ TagKey: "a", TagValue: "1" }],
      CreateTime: created.Project?.CreateTime,
    });
    expect(Project?.UpdateTime).not.toBe(created.Project?.UpdateTime);
    const error = await rejection(
      client.call(imm.UpdateProject, { ProjectName: "upd", DatasetMaxBindCount: 99 }),
    );
    expect(error.code).toBe("InvalidDatasetMaxBindCount");
  });
});

describe("ListProjects", () => {
  it("lists in name order, filters by prefix and tag, and pages with NextToken", async () => {
    for (const name of ["b-2", "a-1", "b-1", "c-1"]) {
      await client.call(imm.CreateProject, {
        ProjectName: name,
        ...(name.startsWith("b") ? { Tag: [{ Key: "team", Value: "b" }] } : {}),
      });
    }
    const all = await client.call(imm.ListProjects, {});
    expect(all.Projects?.map((p) => p.ProjectName)).toEqual(["a-1", "b-1", "b-2", "c-1"]);
    expect(all.NextToken).toBeUndefined();

    const prefixed = await client.call(imm.ListProjects, { Prefix: "b-" });
    expect(prefixed.Projects?.map((p) => p.ProjectName)).toEqual(["b-1", "b-2"]);
    const tagged = await client.call(imm.ListProjects, { Tag: [{ Key: "team", Value: "b" }] });
    expect(tagged.Projects?.map((p) => p.ProjectName)).toEqual(["b-1", "b-2"]);

    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.call(imm.ListProjects, {
        MaxResults: 3,
        ...(token ? { NextToken: token } : {}),
      });
      expect(page.Projects!.length).toBeLessThanOrEqual(3);
      seen.push(...page.Projects!.map((p) => p.ProjectName!));
      token = page.NextToken;
    } while (token);
    expect(seen).toEqual(["a-1", "b-1", "b-2", "c-1"]);

    expect((await rejection(client.call(imm.ListProjects, { MaxResults: 201 }))).code).toBe(
      "InvalidMaxResults",
    );
  });
});

describe("DeleteProject and quotas", () => {
  it("refuses to delete a project that still has datasets, then deletes it once empty", async () => {
    await client.call(imm.CreateProject, { ProjectName: "full" });
    await client.call(imm.CreateDataset, { ProjectName: "full", DatasetName: "d" });
    const error = await rejection(client.call(imm.DeleteProject, { ProjectName: "full" }));
    expect(error).toMatchObject({ code: "InvalidArgument", httpStatus: 400 });
    expect(error.apiMessage).toContain("still has 1 dataset(s)");
    await client.call(imm.DeleteDataset, { ProjectName: "full", DatasetName: "d" });
    await client.call(imm.DeleteProject, { ProjectName: "full" });
    expect((await rejection(client.call(imm.GetProject, { ProjectName: "full" }))).isNotFound()).toBe(true);
  });

  it("caps an account at 100 projects with LimitExceededError", async () => {
    for (let i = 0; i < 100; i++) await client.call(imm.CreateProject, { ProjectName: `q${i}` });
    const error = await rejection(client.call(imm.CreateProject, { ProjectName: "one-too-many" }));
    expect(error).toMatchObject({ code: "LimitExceededError", httpStatus: 400 });
  });
});
