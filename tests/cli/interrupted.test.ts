/**
 * Interrupted applies under the real engine, while a story, a batch (waiting for completion) and a
 * storyboard job all wait on asynchronous work.
 *
 * What the engine does, as measured here (Pulumi v3.274.1, dynamic providers):
 * - One Ctrl-C: the CLI prints "^C received; cancelling", sends Cancel to the providers (the
 *   dynamic-provider host answers it and does nothing else), stops starting new steps and waits for
 *   the ones in flight. Our waits finish, every object is recorded, the run ends "update canceled",
 *   and the next `pulumi up` changes nothing.
 * - A hard kill of the CLI and its plugins: the state keeps a pending "creating" operation per
 *   waiting resource and the file backend keeps its lock. `pulumi cancel` removes the lock; the next
 *   `pulumi up` warns about the pending operations and creates those resources again, so each create
 *   must find its own earlier object: the story by its derived ObjectId, the batch by its client
 *   token. A storyboard job cannot be found (no client token, no listing); the killed run's output
 *   shows its JobId, and `adoptJobId` takes it over instead of submitting a second billed job.
 */
import { killGroup, killPlugins, type CliProject } from "./support/cli-project";
import { describeWithCli, exampleProgram, startScenario, type Scenario } from "./support/scenario";

jest.setTimeout(300_000);

const STACK = ["--non-interactive", "--stack", "dev"];
const WAIT_MS = 20_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many objects of each kind the emulator holds. */
function counts(scenario: Scenario): Record<string, number> {
  const tables = scenario.emulator.resources();
  const size = (table: string) => Object.keys(tables[table] ?? {}).length;
  return {
    stories: size("imm.stories"),
    storyTasks: size("imm.tasks"),
    batches: size("imm.batches"),
    storyboardJobs: size("ice.yikeJobs"),
  };
}

describeWithCli("interrupted applies through the real CLI", (tools) => {
  let scenario: Scenario;
  beforeAll(async () => {
    scenario = await startScenario(tools, { storyTaskMs: WAIT_MS, batchMs: WAIT_MS, yikeJobMs: WAIT_MS });
  });
  afterAll(() => scenario?.close());

  /** Starts `pulumi up` and calls `interrupt` once all three asynchronous creates are waiting. */
  async function upInterrupted(
    project: CliProject,
    interrupt: (child: import("node:child_process").ChildProcess, stdout: () => string) => Promise<void>,
  ) {
    let stdout = "";
    let interrupting: Promise<void> = Promise.resolve();
    const result = await project.run(["up", "--yes", ...STACK], {
      onStdout: (chunk) => (stdout += chunk),
      onStart: (child) => {
        interrupting = (async () => {
          for (;;) {
            const sent = scenario.emulator.stats().requests;
            if (sent.CreateStory && sent.CreateBatch && stdout.includes("submitted storyboard job")) break;
            await sleep(100);
          }
          await interrupt(child, () => stdout);
        })();
      },
    });
    await interrupting;
    return result;
  }

  it("one Ctrl-C: the waits finish, every object is recorded once, the next up changes nothing", async () => {
    scenario.emulator.reset();
    const project = scenario.newProject("ctrlc", exampleProgram("tests/cli/programs/long-waits.ts"));
    await project.initStack("dev", scenario.config, scenario.secrets);
    const result = await upInterrupted(project, async (child) => killGroup(child, "SIGINT"));
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain("^C received; cancelling");
    expect(result.stdout).toContain("update canceled");

    const state = await project.exportStack("dev");
    expect(state.deployment.pending_operations ?? []).toEqual([]);
    expect(counts(scenario)).toEqual({ stories: 1, storyTasks: 1, batches: 1, storyboardJobs: 1 });

    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
    expect(scenario.writesSince(before)).toEqual([]);
    await project.ok(["destroy", "--yes", ...STACK]);
    expect(scenario.leftovers()).toEqual([]);
  });

  it("a hard kill: the next up finds the story and the batch, and adopts the storyboard job it was told", async () => {
    scenario.emulator.reset();
    const project = scenario.newProject("killed", exampleProgram("tests/cli/programs/long-waits.ts"));
    await project.initStack("dev", scenario.config, scenario.secrets);
    const killed = await upInterrupted(project, async (child) => {
      killGroup(child, "SIGKILL");
      killPlugins(project.dir);
    });
    expect(killed.signal).toBe("SIGKILL");
    const jobId = /submitted storyboard job ([0-9a-f-]{36})/.exec(killed.stdout)?.[1];
    expect(jobId).toBeDefined();

    const state = await project.exportStack("dev");
    const pending = (state.deployment.pending_operations ?? []).map(
      (op) => `${op.type} ${op.resource.urn.split("::").pop()}`,
    );
    expect(pending.sort()).toEqual(["creating convert", "creating highlights", "creating storyboard"]);

    const locked = await project.run(["up", "--yes", ...STACK]);
    expect(locked.code).not.toBe(0);
    expect(locked.stderr + locked.stdout).toContain("pulumi cancel");
    await project.ok(["cancel", "--yes", ...STACK]);
    await project.ok(["config", "set", "--stack", "dev", `${project.name}:adoptJobId`, jobId!]);

    const resumed = await project.ok(["up", "--yes", ...STACK]);
    expect(resumed.stdout).toContain("3 pending operations from previous deployment");
    expect(counts(scenario)).toEqual({ stories: 1, storyTasks: 1, batches: 1, storyboardJobs: 1 });
    expect((await project.outputs("dev")).jobId).toBe(jobId);

    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
    expect(scenario.writesSince(before)).toEqual([]);
    await project.ok(["destroy", "--yes", ...STACK]);
    expect(scenario.leftovers()).toEqual([]);
  });
});
