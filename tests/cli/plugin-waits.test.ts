/**
 * Deadlines and cancellation through the provider plugin, which the dynamic resources cannot offer:
 * the engine hands the plugin the request's `customTimeouts` and calls Cancel on one Ctrl-C. Either
 * way the story's wait ends at once and the story is recorded with its ID (partial state), and the
 * next `pulumi up` resumes the wait instead of creating a second story.
 */
import { killGroup, type StackExport } from "./support/cli-project";
import { describeWithCli, startScenario, type Scenario } from "./support/scenario";
import { YamlProject, yamlProgram } from "./programs/plugin-yaml/project";

jest.setTimeout(300_000);

const STACK = ["--non-interactive", "--stack", "dev"];
/** The story's generation: far longer than the deadline, short enough for the resumed wait. */
const STORY_MS = 20_000;
const PROGRAM = yamlProgram("../plugin-waits/Pulumi.yaml");

const DEADLINE = "    options:\n      customTimeouts:\n        create: 2s\n";
const WITHOUT_DEADLINE = PROGRAM.replace(DEADLINE, "");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function story(state: StackExport) {
  return (state.deployment.resources ?? []).find((r) => r.type === "alicloud-media:imm:Story");
}

describeWithCli("deadlines and Ctrl-C through the provider plugin and the real CLI", (tools) => {
  let scenario: Scenario;
  const projects: YamlProject[] = [];
  const count = (table: string) => Object.keys(scenario.emulator.resources()[table] ?? {}).length;
  const stories = () => count("imm.stories");
  const storyTasks = () => count("imm.tasks");

  beforeAll(async () => {
    scenario = await startScenario(tools, { storyTaskMs: STORY_MS });
  });
  afterAll(async () => {
    for (const project of projects) project.remove();
    await scenario?.close();
  });

  async function newProject(name: string, program: string): Promise<YamlProject> {
    scenario.emulator.reset();
    const project = new YamlProject(tools, name, scenario.installDir, program);
    projects.push(project);
    await project.initStack("dev", scenario.config, scenario.secrets);
    return project;
  }

  /** The next up finishes the recorded story's wait; then nothing is left to do. */
  async function resumes(project: YamlProject, id: string): Promise<void> {
    project.setYaml(WITHOUT_DEADLINE);
    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["up", "--yes", ...STACK], { timeoutMs: 120_000 });
    expect(scenario.writesSince(before)).not.toContain("CreateStory");
    expect(story(await project.exportStack("dev"))?.id).toBe(id);
    expect([stories(), storyTasks()]).toEqual([1, 1]);
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
    await project.ok(["destroy", "--yes", ...STACK]);
    expect(scenario.leftovers()).toEqual([]);
  }

  it("customTimeouts shorter than the wait: the apply stops at the deadline with the story recorded", async () => {
    expect(WITHOUT_DEADLINE).not.toContain("create: 2s");
    const project = await newProject("deadline", PROGRAM);
    const started = Date.now();
    const result = await project.run(["up", "--yes", ...STACK]);
    const elapsed = Date.now() - started;
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/timed out after 2s waiting for story highlights-/);
    expect(elapsed).toBeLessThan(STORY_MS);

    const recorded = story(await project.exportStack("dev"));
    expect(recorded?.id).toBeTruthy();
    expect(recorded?.initErrors?.join("\n")).toContain("timed out after 2s");
    expect(storyTasks()).toBe(1);
    await resumes(project, recorded!.id!);
  });

  it("one Ctrl-C: the engine's Cancel ends the wait at once, the story is recorded and the next up resumes", async () => {
    const project = await newProject("cancel", WITHOUT_DEADLINE);
    const started = Date.now();
    const result = await project.run(["up", "--yes", ...STACK], {
      onStart: (child) =>
        void (async () => {
          while (!scenario.emulator.stats().requests.CreateStory) await sleep(100);
          await sleep(1_000);
          killGroup(child, "SIGINT");
        })(),
    });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain("^C received; cancelling");
    // The dynamic host would wait the whole generation out; the plugin stops well before it ends.
    expect(Date.now() - started).toBeLessThan(STORY_MS);

    const state = await project.exportStack("dev");
    expect(state.deployment.pending_operations ?? []).toEqual([]);
    const recorded = story(state);
    expect(recorded?.id).toBeTruthy();
    expect(recorded?.initErrors?.join("\n")).toContain("told to stop (Cancel)");
    await resumes(project, recorded!.id!);
  });
});
