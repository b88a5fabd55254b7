/**
 * ice.MediaProducingJob and ice.Pipeline through the real CLI: an editing project rendered by a job
 * (waited for, its mediaUrl an output) beside a pipeline; a second up changes nothing and writes
 * nothing; the pipeline's priority and status change in place, a new take renders anew (create first,
 * the old job only forgotten); refresh finds no drift; destroy leaves only the job records ICE
 * cannot delete.
 */
import type { CliProject } from "./support/cli-project";
import { describeWithCli, exampleProgram, startScenario, type Scenario } from "./support/scenario";

jest.setTimeout(300_000);

const STACK = ["--non-interactive", "--stack", "dev"];

describeWithCli("ice render and pipeline through the real CLI", (tools) => {
  let scenario: Scenario;
  let project: CliProject;
  const submits = () => scenario.emulator.stats().requests.SubmitMediaProducingJob ?? 0;
  const pipelines = () =>
    Object.values(scenario.emulator.resources()["ice.pipelines"] ?? {}) as Record<string, unknown>[];

  beforeAll(async () => {
    scenario = await startScenario(tools, { mediaProducingJobMs: 300 });
    project = scenario.newProject("render", exampleProgram("tests/cli/programs/ice-render.ts"));
    await project.initStack("dev", scenario.config, scenario.secrets);
  });
  afterAll(() => scenario?.close());

  it("renders the project into a mediaUrl output; a second up changes and writes nothing", async () => {
    await project.ok(["up", "--yes", ...STACK]);
    const outputs = await project.outputs("dev");
    expect(outputs).toMatchObject({
      mediaUrl: "https://bucket.oss-cn-shanghai.aliyuncs.com/out/cut.mp4",
      status: "Success",
      duration: 6,
      pipelineStatus: "Active",
    });
    expect(submits()).toBe(1);
    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
    expect(scenario.writesSince(before)).toEqual([]);
  });

  it("updates the pipeline in place and renders a new take create-first", async () => {
    const { pipelineId } = await project.outputs("dev");
    await project.ok(["config", "set", "--stack", "dev", "render:priority", "9"]);
    await project.ok(["config", "set", "--stack", "dev", "render:paused", "true"]);
    await project.ok(["config", "set", "--stack", "dev", "render:take", "2"]);
    const preview = await project.ok(["preview", "--diff", ...STACK]);
    expect(preview.stdout).toMatch(/~ priority\s*: 5 => 9/);
    expect(preview.stdout).toMatch(
      /\+-pulumi-nodejs:dynamic\/alicloud-media\/ice:MediaProducingJob: \(replace\)/,
    );
    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["up", "--yes", ...STACK]);
    expect(scenario.writesSince(before).sort()).toEqual(["SubmitMediaProducingJob", "UpdatePipeline"]);
    expect(pipelines()).toEqual([
      expect.objectContaining({ PipelineId: pipelineId, Priority: 9, Status: "Paused" }),
    ]);
    expect(submits()).toBe(2);
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
  });

  it("refresh finds nothing; destroy leaves only the job records ICE keeps", async () => {
    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["refresh", "--yes", "--expect-no-changes", ...STACK]);
    expect(scenario.writesSince(before)).toEqual([]);
    const destroy = await project.ok(["destroy", "--yes", ...STACK]);
    expect(destroy.stdout).toMatch(/-\s+4 deleted/);
    expect(scenario.leftovers()).toEqual([]);
    expect(Object.keys(scenario.emulator.resources()["ice.mediaProducingJobs"] ?? {})).toHaveLength(2);
  });
});
