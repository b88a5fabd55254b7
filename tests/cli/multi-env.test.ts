/**
 * examples/multi-env through the real CLI: one program, the three stacks of its Pulumi.<stack>.yaml
 * files (endpoints moved to the emulator, and the emulator's key where a file leaves credentials to
 * CI). Each stack deploys its own objects and changes nothing on a second up; on prod the engine's
 * `protect` blocks a destroy and a replacement until the stack's config turns it off.
 */
import path from "node:path";
import { readStackConfig } from "../../scripts/stack-config";
import type { CliProject } from "./support/cli-project";
import { describeWithCli, exampleProgram, REPO_ROOT, startScenario, type Scenario } from "./support/scenario";

jest.setTimeout(600_000);

const STACKS = { dev: "dev", staging: "stg", prod: "prod" } as const;
type Stack = keyof typeof STACKS;
const on = (stack: Stack) => ["--non-interactive", "--stack", stack];

describeWithCli("examples/multi-env through the real CLI", (tools) => {
  let scenario: Scenario;
  let project: CliProject;
  const projects = () => Object.keys(scenario.emulator.resources()["imm.projects"] ?? {}).sort();

  beforeAll(async () => {
    scenario = await startScenario(tools, { bindingScanMs: 100 });
    project = scenario.newProject("media-pipeline", exampleProgram("examples/multi-env/index.ts"));
    for (const stack of Object.keys(STACKS) as Stack[]) {
      const fromFile = readStackConfig(path.join(REPO_ROOT, `examples/multi-env/Pulumi.${stack}.yaml`));
      delete fromFile["alicloud-media:accessKeySecret"];
      await project.initStack(
        stack,
        { ...fromFile, ...scenario.config, "alicloud-media:region": fromFile["alicloud-media:region"]! },
        scenario.secrets,
      );
    }
  });
  afterAll(() => scenario?.close());

  it("deploys each stack's own objects, and a second up changes nothing", async () => {
    for (const stack of Object.keys(STACKS) as Stack[]) await project.ok(["up", "--yes", ...on(stack)]);
    expect(projects()).toEqual(["dev-media", "prod-media", "stg-media"]);
    const before = { ...scenario.emulator.stats().requests };
    for (const stack of Object.keys(STACKS) as Stack[])
      await project.ok(["up", "--yes", "--expect-no-changes", ...on(stack)]);
    expect(scenario.writesSince(before)).toEqual([]);
  });

  it("protects prod: destroy and replacement fail, nothing is deleted", async () => {
    const destroy = await project.run(["destroy", "--yes", ...on("prod")]);
    expect(destroy.code).not.toBe(0);
    expect(destroy.stdout + destroy.stderr).toMatch(/protected/);
    expect(projects()).toContain("prod-media");

    await project.ok(["config", "set", "--stack", "prod", "media-pipeline:namePrefix", "prod2"]);
    const replace = await project.run(["preview", ...on("prod")]);
    expect(replace.code).not.toBe(0);
    expect(replace.stdout + replace.stderr).toMatch(/protect/);
    await project.ok(["config", "set", "--stack", "prod", "media-pipeline:namePrefix", "prod"]);
    expect(projects()).toContain("prod-media");
  });

  it("tears every stack down once prod's config allows it", async () => {
    await project.ok(["config", "set", "--stack", "prod", "media-pipeline:protectData", "false"]);
    await project.ok(["config", "set", "--stack", "prod", "media-pipeline:forceDestroy", "true"]);
    await project.ok(["up", "--yes", ...on("prod")]);
    for (const stack of Object.keys(STACKS) as Stack[]) await project.ok(["destroy", "--yes", ...on(stack)]);
    expect(scenario.leftovers()).toEqual([]);
  });
});
