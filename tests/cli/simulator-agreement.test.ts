/**
 * The simulator (tests/harness/engine.ts, which drives the real dynamic-provider host with the
 * engine's rules as we read them) against the real engine, on the same programs and the same steps:
 * a pull-request change (update, delete-first replacement, equivalent timeline) and drift repaired
 * after a refresh. Plans must name the same operation per resource; states must hold the same keys,
 * and the same values wherever a value does not depend on the run (times, generated IDs).
 *
 * Where the two differ, the real engine is right (ARCHITECTURE.md, "Test layers"): known differences
 * the simulator does not model are the engine's Ctrl-C and hard-kill behaviour, the `import` option,
 * and how the CLI renders a diff (tests/cli/interrupted, import and drift tests cover those).
 */
import { startEmulator } from "../../emulator";
import { imm } from "../../provider/operations";
import { Deployment, type RunResult } from "../harness/engine";
import { runProgram } from "../harness/program";
import { ProviderHost } from "../harness/provider-host";
import { createUserProject } from "../harness/user-project";
import type { CliProject, StackExport } from "./support/cli-project";
import {
  ACCESS_KEY_ID,
  ACCESS_KEY_SECRET,
  describeWithCli,
  exampleProgram,
  startScenario,
  type Scenario,
} from "./support/scenario";
import reviewBefore = require("./programs/review-before");
import reviewAfter = require("./programs/review-after");
import drift = require("./programs/drift");

jest.setTimeout(600_000);

const STACK = ["--non-interactive", "--stack", "dev"];
/** Values that differ between any two runs: times, IDs the service generates. */
const RUN_DEPENDENT = new Set([
  "createTime",
  "updateTime",
  "modifiedTime",
  "projectId",
  "__provider",
  "__identity",
]);

type Plan = Record<string, string>;
type Snapshot = Record<string, Record<string, unknown>>;

const nameOf = (urn: string) => urn.split("::").pop()!;
/** One word per resource: a replacement is "replace" however the engine splits it into steps. */
const normaliseOp = (op: string) => (/replace/.test(op) ? "replace" : op);

function simulatorPlan(result: RunResult): Plan {
  return Object.fromEntries(
    result.steps.filter((s) => s.op !== "same").map((s) => [nameOf(s.urn), normaliseOp(s.op)]),
  );
}

function cliPlan(json: string): Plan {
  const steps = (JSON.parse(json) as { steps: { op: string; urn: string }[] }).steps;
  return Object.fromEntries(
    steps
      .filter((s) => s.op !== "same" && s.urn.includes("alicloud-media"))
      .map((s) => [nameOf(s.urn), normaliseOp(s.op)]),
  );
}

function stable(props: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props ?? {}).filter(([key]) => !RUN_DEPENDENT.has(key)));
}

function cliSnapshot(state: StackExport, part: "inputs" | "outputs"): Snapshot {
  return Object.fromEntries(
    (state.deployment.resources ?? [])
      .filter((r) => r.type.includes("alicloud-media"))
      .map((r) => [nameOf(r.urn), stable(r[part])]),
  );
}

function simulatorSnapshot(deployment: Deployment, part: "inputs" | "outputs"): Snapshot {
  return Object.fromEntries(deployment.state.map((r) => [nameOf(r.urn), stable(r[part])]));
}

/** The simulator's side: its own emulator, the real host from a user project, the same config. */
async function simulator(project: string) {
  const emulator = await startEmulator({
    port: 0,
    accessKeyId: ACCESS_KEY_ID,
    accessKeySecret: ACCESS_KEY_SECRET,
  });
  const user = createUserProject({ project });
  const host = await ProviderHost.start({ cwd: user.dir, project, stack: "dev" });
  const config = {
    "alicloud-media:region": "cn-shanghai",
    "alicloud-media:immEndpoint": emulator.url,
    "alicloud-media:iceEndpoint": emulator.url,
    "alicloud-media:accessKeyId": ACCESS_KEY_ID,
    "alicloud-media:accessKeySecret": ACCESS_KEY_SECRET,
  };
  await host.configure(config);
  const deployment = new Deployment(host, { config });
  return {
    emulator,
    deployment,
    run: (program: () => unknown, preview = false) =>
      runProgram(program as () => Promise<Record<string, unknown>>, deployment, {
        project,
        stack: "dev",
        preview,
      }),
    async close() {
      await host.close();
      await emulator.close();
      user.cleanup();
    },
  };
}

describeWithCli("the simulator agrees with the real engine", (tools) => {
  let scenario: Scenario;
  beforeAll(async () => {
    scenario = await startScenario(tools);
  });
  afterAll(() => scenario?.close());

  it("on a pull-request change: the same plan and the same state", async () => {
    const project: CliProject = scenario.newProject(
      "review",
      exampleProgram("tests/cli/programs/review-before.ts"),
    );
    await project.initStack("dev", scenario.config, scenario.secrets);
    await project.ok(["up", "--yes", ...STACK]);
    project.setProgram(exampleProgram("tests/cli/programs/review-after.ts"));
    const real = cliPlan((await project.ok(["preview", "--json", ...STACK])).stdout);
    await project.ok(["up", "--yes", ...STACK]);
    const realState = await project.exportStack("dev");

    const sim = await simulator("review");
    try {
      await sim.run(reviewBefore);
      const simulated = simulatorPlan((await sim.run(reviewAfter, true)).result);
      await sim.run(reviewAfter);
      expect(simulated).toEqual(real);
      expect(real).toEqual({ media: "update", assets: "replace" });
      expect(simulatorSnapshot(sim.deployment, "outputs")).toEqual(cliSnapshot(realState, "outputs"));
      expect(simulatorSnapshot(sim.deployment, "inputs")).toEqual(cliSnapshot(realState, "inputs"));
    } finally {
      await sim.close();
    }
  });

  it("on drift: the same refresh, the same refreshed inputs, the same repair", async () => {
    const project = scenario.newProject("drift", exampleProgram("tests/cli/programs/drift.ts"));
    await project.initStack("dev", scenario.config, scenario.secrets);
    await project.ok(["up", "--yes", ...STACK]);
    const edit = { ProjectName: "drift-media", Description: "edited in the console" };
    await scenario.outOfBand("imm").call(imm.UpdateProject, edit);
    await project.ok(["refresh", "--yes", ...STACK]);
    const realRefreshed = cliSnapshot(await project.exportStack("dev"), "inputs");
    const real = cliPlan((await project.ok(["preview", "--json", ...STACK])).stdout);

    const sim = await simulator("drift");
    try {
      await sim.run(drift);
      const url = new URL(sim.emulator.url);
      const { ApiClient, createOpenApi } = await import("../../provider/runtime");
      await new ApiClient(
        createOpenApi(
          { host: url.host, protocol: "http" },
          { accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET },
        ),
        "imm",
      ).call(imm.UpdateProject, edit);
      await sim.deployment.refresh();
      expect(simulatorSnapshot(sim.deployment, "inputs")).toEqual(realRefreshed);
      expect(simulatorPlan((await sim.run(drift, true)).result)).toEqual(real);
      expect(real).toEqual({ media: "update" });
    } finally {
      await sim.close();
    }
  });
});
