/**
 * Real Pulumi programs end to end, without the CLI: the program runs under mocks, each registration
 * goes to the real provider host over gRPC with the engine's rules, against the emulator.
 * Scenarios: up from empty; a second up with zero changes and zero write calls; an edit giving exactly
 * the expected update; out-of-band drift seen by refresh and repaired by up; destroy leaving the
 * emulator empty.
 */
import path from "node:path";
import { startEmulator } from "../../emulator";
import { imm } from "../../provider/operations";
import { ApiClient, createOpenApi } from "../../provider/runtime";
import { Deployment } from "../harness/engine";
import { runProgram } from "../harness/program";
import { ProviderHost } from "../harness/provider-host";
import { createUserProject } from "../harness/user-project";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
const media = require(path.resolve(__dirname, "../../dist/sdk")) as typeof import("../../sdk");

const PROJECT = "programtest";
const STACK = "dev";
const WRITE_ACTIONS = /^(Create|Update|Delete|Suspend|Resume|Submit|Index|BatchIndex)/;

let emulator: Emulator;
let host: ProviderHost;
let user: { dir: string; cleanup(): void };
let deployment: Deployment;

async function requests(): Promise<Record<string, number>> {
  return (
    (await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as { requests: Record<string, number> }
  ).requests;
}

function writes(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(after).filter(
    (action) => WRITE_ACTIONS.test(action) && (after[action] ?? 0) > (before[action] ?? 0),
  );
}

/** The program under test; `description` lets a scenario edit one field. */
function program(description = "program test") {
  return () => {
    const project = new media.imm.Project("media", { description, tags: { team: "media" } });
    const dataset = new media.imm.Dataset("photos", {
      projectName: project.projectName,
      description: "photos",
      forceDestroy: true,
    });
    const binding = new media.imm.Binding("bucket", {
      projectName: project.projectName,
      datasetName: dataset.datasetName,
      uri: "oss://program-bucket",
    });
    return {
      projectName: project.projectName,
      datasetName: dataset.datasetName,
      bindingState: binding.state,
    };
  };
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { bindingScanMs: 200 } });
  user = createUserProject({ project: PROJECT });
  host = await ProviderHost.start({ cwd: user.dir, project: PROJECT, stack: STACK });
  deployment = new Deployment(host, {
    config: {
      "alicloud-media:immEndpoint": emulator.url,
      "alicloud-media:iceEndpoint": emulator.url,
      "alicloud-media:accessKeyId": "emulator-access-key-id",
      "alicloud-media:accessKeySecret": "emulator-access-key-secret",
    },
  });
});

afterAll(async () => {
  await host?.close();
  await emulator?.close();
  user?.cleanup();
});

describe("a program of imm resources", () => {
  let projectName: string;

  it("previews without creating anything", async () => {
    const before = await requests();
    const preview = await runProgram(program(), deployment, {
      project: PROJECT,
      stack: STACK,
      preview: true,
    });
    expect(preview.result.changes).toEqual({ create: 3 });
    expect(writes(before, await requests())).toEqual([]);
  });

  it("ups from empty, with outputs flowing between resources", async () => {
    const up = await runProgram(program(), deployment, { project: PROJECT, stack: STACK });
    expect(up.result.changes).toEqual({ create: 3 });
    projectName = up.outputs.projectName as string;
    expect(projectName).toMatch(/^media-[0-9a-f]{8}$/);
    expect(up.outputs.datasetName).toMatch(/^photos-[0-9a-f]{8}$/);
    expect(up.outputs.bindingState).toBe("Running");
    expect(deployment.stateJson()).not.toContain("emulator-access-key-secret");
  });

  it("a second up changes nothing and makes no write call", async () => {
    const before = await requests();
    const again = await runProgram(program(), deployment, { project: PROJECT, stack: STACK });
    expect(again.result.changes).toEqual({ same: 3 });
    expect(writes(before, await requests())).toEqual([]);
  });

  it("an edited description is exactly one in-place update", async () => {
    const edited = await runProgram(program("edited"), deployment, { project: PROJECT, stack: STACK });
    expect(edited.result.changes).toEqual({ update: 1, same: 2 });
    expect(deployment.resource("media")?.outputs.description).toBe("edited");
  });

  it("refresh sees out-of-band drift and the next up repairs it", async () => {
    const url = new URL(emulator.url);
    const console = new ApiClient(
      createOpenApi(
        { host: url.host, protocol: "http" },
        { accessKeyId: "emulator-access-key-id", accessKeySecret: "emulator-access-key-secret" },
      ),
      "imm",
    );
    await console.call(imm.UpdateProject, {
      ProjectName: projectName,
      Description: "changed in the console",
    });
    await deployment.refresh();
    expect(deployment.resource("media")?.outputs.description).toBe("changed in the console");
    const repaired = await runProgram(program("edited"), deployment, { project: PROJECT, stack: STACK });
    expect(repaired.result.changes).toEqual({ update: 1, same: 2 });
    expect(deployment.resource("media")?.outputs.description).toBe("edited");
  });

  it("destroy leaves the emulator empty", async () => {
    await deployment.destroy();
    expect(deployment.state).toHaveLength(0);
    const resources = (await (await fetch(`${emulator.url}/__emulator/resources`)).json()) as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(resources)).not.toContain(projectName);
  });
});
