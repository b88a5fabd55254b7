/**
 * The quickstart through the real Pulumi CLI, as a new user runs it: preview, up, an up that must
 * change nothing and send no write call, and a destroy that leaves the emulator empty. Also what the
 * state holds: no credential, and a thin `__provider` per resource.
 */
import type { CliProject } from "./support/cli-project";
import {
  ACCESS_KEY_SECRET,
  describeWithCli,
  exampleProgram,
  startScenario,
  type Scenario,
} from "./support/scenario";

jest.setTimeout(300_000);

const STACK = ["--non-interactive", "--stack", "dev"];
/** The quickstart's resources: the stack and the twelve of ours (the default provider is not shown). */
const CREATED = /\+ 13 created/;

describeWithCli("quickstart through the real CLI", (tools) => {
  let scenario: Scenario;
  let project: CliProject;
  beforeAll(async () => {
    scenario = await startScenario(tools);
    project = scenario.newProject("quickstart", exampleProgram("examples/quickstart/index.ts"));
    await project.initStack("dev", scenario.config, scenario.secrets);
  });
  afterAll(() => scenario?.close());

  it("previews without calling the API", async () => {
    const { stdout } = await project.ok(["preview", ...STACK]);
    expect(stdout).toMatch(/\+ 13 to create/);
    expect(scenario.emulator.stats().requests).toEqual({});
  });

  it("deploys every resource", async () => {
    const { stdout } = await project.ok(["up", "--yes", ...STACK]);
    expect(stdout).toMatch(CREATED);
    const outputs = await project.outputs("dev");
    expect(outputs.batchState).toBe("Succeeded");
    expect(outputs.storyboardJobStatus).toBe("Succeeded");
    expect(outputs.videoUrl).toMatch(/renders\/highlights\.mp4/);
  });

  it("changes nothing and writes nothing the second time, with no noise", async () => {
    const before = { ...scenario.emulator.stats().requests };
    const { stdout } = await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
    expect(stdout).toMatch(/13 unchanged/);
    expect(stdout).not.toMatch(/warning|error|SIGINT/i);
    expect(scenario.writesSince(before)).toEqual([]);
  });

  it("keeps no credential in the state and a thin __provider per resource", async () => {
    const state = await project.exportStack("dev");
    expect(JSON.stringify(state)).not.toContain(ACCESS_KEY_SECRET);
    const ours = (state.deployment.resources ?? []).filter((r) => r.type.includes("alicloud-media"));
    expect(ours).toHaveLength(12);
    for (const resource of ours) {
      const provider = resource.outputs?.__provider;
      expect(typeof provider).toBe("string");
      expect((provider as string).length).toBeLessThanOrEqual(2_100);
    }
  });

  it("destroys everything", async () => {
    const { stdout } = await project.ok(["destroy", "--yes", ...STACK]);
    expect(stdout).toMatch(/- 13 deleted/);
    expect(scenario.leftovers()).toEqual([]);
  });
});
