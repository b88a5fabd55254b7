/**
 * imm.Story through the generic lifecycle and the real openapi-client over HTTP against the
 * emulator: create waits for the StoryCreation task; in-place update vs regeneration vs fields kept
 * for the next generation; a task that fails with a transient cause (generated again within the
 * apply), with a non-transient one (not retried), and with the retries used up; a task that outlives
 * waitTimeoutSeconds (partial state,
 * then an update that converges on the same task); a lost CreateStory response, retried and not
 * retried (no duplicate either way, create converges); throttled GetTask absorbed by the retry
 * policy; a story taken over; delete. Assertions are on counts (emulator stats), never on timings.
 */
import fc from "fast-check";
import { startEmulator } from "../../emulator";
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceContext, ResourceSpec } from "../../provider/framework/spec";
import { storySpec } from "../../provider/imm/story";
import { imm } from "../../provider/operations";
import { ApiClient, clientsFor, createOpenApi, resolveSettings } from "../../provider/runtime";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;
let context: () => ResourceContext;
let noRetryContext: () => ResourceContext;
let direct: ApiClient;
const logs: string[] = [];

const PROJECT = "story-it";
const DATASET = "trips";
const BUCKET = "trip-bucket";
// Not the earliest photo of May 2024, so not the cover a regeneration picks.
const COVER = "oss://trip-bucket/photos/2024-05-shenzhen/IMG_0205.jpg";
const story = new ResourceLifecycle(storySpec as unknown as ResourceSpec, () => context());
/** Called with every log line: lets a test act at a point of the provider's work (e.g. a retry). */
let onLog: (line: string) => void = () => {};
const log = {
  info: (m: string) => {
    logs.push(m);
    onLog(m);
  },
  warn: (m: string) => logs.push(m),
};
const CREDENTIALS = { accessKeyId: "emulator-access-key-id", accessKeySecret: "emulator-access-key-secret" };

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { storyTaskMs: 300, bindingScanMs: 20 } });
  const url = new URL(emulator.url);
  const settings = resolveSettings(
    {
      get: (key) =>
        ({
          "alicloud-media:immEndpoint": url.origin,
          "alicloud-media:iceEndpoint": url.origin,
          "alicloud-media:accessKeyId": CREDENTIALS.accessKeyId,
          "alicloud-media:accessKeySecret": CREDENTIALS.accessKeySecret,
        })[key],
    },
    {},
  );
  const clients = clientsFor(settings, {
    onRetry: (action, event) => logs.push(`${action}: ${event.error.code}; retrying in ${event.delayMs} ms`),
  });
  context = () => ({ clients, log });
  direct = new ApiClient(createOpenApi({ host: url.host, protocol: "http" }, CREDENTIALS), "imm", {
    retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1, maxElapsedMs: 1 },
  });
  // A provider process whose client gives up at the first failure: what an interrupted apply sees.
  noRetryContext = () => ({ clients: { imm: direct, ice: direct }, log });

  await direct.call(imm.CreateProject, { ProjectName: PROJECT });
  await direct.call(imm.CreateDataset, { ProjectName: PROJECT, DatasetName: DATASET });
  await direct.call(imm.CreateBinding, {
    ProjectName: PROJECT,
    DatasetName: DATASET,
    URI: `oss://${BUCKET}`,
  });
  for (let i = 0; i < 200; i++) {
    const { Binding } = await direct.call(imm.GetBinding, {
      ProjectName: PROJECT,
      DatasetName: DATASET,
      URI: `oss://${BUCKET}`,
    });
    if (Binding.Phase === "IncrementalScanning") return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the bucket was never indexed");
});
afterEach(() => {
  onLog = () => {};
  emulator.clearFaults();
  emulator.setTimings({ storyTaskMs: 300 });
});
afterAll(() => emulator?.close());

const calls = (action: string) => emulator.stats().requests[action] ?? 0;
const storiesIn = () =>
  Object.keys(emulator.resources()["imm.stories"] ?? {}).filter((key) =>
    key.startsWith(`${PROJECT}/${DATASET}/`),
  );

async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const { inputs, failures } = await story.check(olds, news);
  expect(failures).toEqual([]);
  return inputs;
}

const declare = (name: string, extra: Record<string, unknown> = {}) => ({
  __logicalName: name,
  projectName: PROJECT,
  datasetName: DATASET,
  storyType: "TimeMemory",
  ...extra,
});

/** Resolves when `predicate` holds, polling the emulator (bounded by a count, not a time). */
async function until(predicate: () => boolean, what: string) {
  for (let i = 0; i < 1000; i++) {
    if (predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never happened: ${what}`);
}

async function failure(promise: Promise<unknown>): Promise<Record<string, unknown> & { message: string }> {
  const error = await promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  );
  return error as Record<string, unknown> & { message: string };
}

describe("imm.Story create / read / update / delete", () => {
  let inputs: Record<string, unknown>;
  let id: string;
  let state: Record<string, unknown>;

  it("creates: CreateStory, then waits for the task, reporting progress", async () => {
    logs.length = 0;
    emulator.setTimings({ storyTaskMs: 1500 }); // long enough for a progress line on a busy machine
    inputs = await checked(declare("album", { storyName: "Album", customLabels: { k: "v" } }));
    const created = await story.create(inputs);
    id = created.id;
    state = created.outs;
    expect(id).toBe(`${PROJECT}/${DATASET}/${inputs.objectId}`);
    expect(state).toMatchObject({
      objectId: inputs.objectId,
      storyName: "Album",
      customLabels: { k: "v" },
      fileCount: 24,
      cover: { uri: expect.stringMatching(/^oss:\/\/trip-bucket\//) },
    });
    expect(state.taskId).toMatch(/^CreateStory-/);
    const task = await direct.call(imm.GetTask, {
      ProjectName: PROJECT,
      TaskId: String(state.taskId),
      TaskType: "StoryCreation",
    });
    expect(task.Status).toBe("Succeeded");
    expect(logs.some((line) => line.includes(`(generation task ${state.taskId}): Running`))).toBe(true);
  });

  it("reads back without a diff", async () => {
    const read = await story.read(id, state);
    expect(read.props).toMatchObject({ fileCount: 24, taskId: state.taskId });
    expect(await story.diff(id, read.props!, inputs)).toMatchObject({ changes: false });
    const again = await checked(
      declare("album", { storyName: "Album", customLabels: { k: "v" } }),
      read.inputs!,
    );
    expect(await story.diff(id, read.props!, again)).toMatchObject({ changes: false });
  });

  it("updates name, labels and cover in place with UpdateStory, without a new generation", async () => {
    const [create, update] = [calls("CreateStory"), calls("UpdateStory")];
    const news = await checked(
      declare("album", { storyName: "Renamed", customLabels: { k: "v2" }, cover: { uri: COVER } }),
      inputs,
    );
    expect(await story.diff(id, state, news)).toMatchObject({ changes: true, replaces: [] });
    const updated = await story.update(id, state, news);
    expect(updated.outs).toMatchObject({
      storyName: "Renamed",
      customLabels: { k: "v2" },
      cover: { uri: COVER },
      taskId: state.taskId,
    });
    expect(calls("CreateStory")).toBe(create);
    expect(calls("UpdateStory")).toBe(update + 1);
    state = updated.outs;
    inputs = news;
  });

  it("regenerates the same story when the time range changes, waits again, and keeps the declared cover", async () => {
    const [create, update, count] = [calls("CreateStory"), calls("UpdateStory"), storiesIn().length];
    const news = await checked(
      declare("album", {
        storyName: "Renamed",
        customLabels: { k: "v2" },
        cover: { uri: COVER },
        storyStartTime: "2024-05-01T00:00:00Z",
        storyEndTime: "2024-05-31T23:59:59Z",
      }),
      inputs,
    );
    const updated = await story.update(id, state, news);
    expect(calls("CreateStory")).toBe(create + 1);
    expect(storiesIn()).toHaveLength(count);
    expect(updated.outs.objectId).toBe(state.objectId);
    expect(updated.outs.taskId).not.toBe(state.taskId);
    expect(updated.outs.fileCount).toBe(7); // the May 2024 trip
    expect(updated.outs.storyName).toBe("Renamed");
    // The regeneration picked its own cover; the declared one is set again.
    expect(updated.outs.cover).toEqual({ uri: COVER });
    expect(calls("UpdateStory")).toBe(update + 1);
    expect(await story.diff(id, updated.outs, news)).toMatchObject({ changes: false });
    state = updated.outs;
    inputs = news;
  });

  it("records a change of tags for the next generation, with no API call", async () => {
    const before = Object.values(emulator.stats().requests).reduce((a, b) => a + b, 0);
    const news = await checked({ ...inputs, tags: { team: "media" } }, inputs);
    const updated = await story.update(id, state, news);
    expect(updated.outs.tags).toEqual({ team: "media" });
    // Only reads: GetTask (the last generation) and GetStory.
    const after = emulator.stats().requests;
    expect(Object.values(after).reduce((a, b) => a + b, 0) - before).toBe(2);
    state = updated.outs;
    inputs = news;
  });

  it("explains a cover that is not a file of the dataset", async () => {
    const news = await checked({ ...inputs, cover: { uri: "oss://elsewhere/not-indexed.jpg" } }, inputs);
    const error = await failure(story.update(id, state, news));
    expect(error.message).toMatch(
      /ResourceNotFound.*cover oss:\/\/elsewhere\/not-indexed\.jpg must be a file indexed in dataset story-it\/trips/,
    );
  });

  it("deletes; the story then reads as gone, and a second delete succeeds", async () => {
    await story.delete(id, state);
    expect(await story.read(id, state)).toEqual({});
    await story.delete(id, state);
  });
});

describe("imm.Story normalisation (property)", () => {
  it("for any valid declaration, create → read → diff reports no change", async () => {
    emulator.setTimings({ storyTaskMs: 20 });
    const typed = fc.oneof(
      fc.record({ storyType: fc.constant("TimeMemory") }),
      fc.record({ storyType: fc.constant("PeopleMemory"), storySubType: fc.constantFrom("Solo", "") }),
      fc.record({
        storyType: fc.constant("TagMemory"),
        storySubType: fc.constantFrom("Food", "PetCat", "Scenery"),
      }),
      fc.record(
        {
          storyType: fc.constant("TravelMemory"),
          address: fc
            .record({ city: fc.constantFrom("Shanghai", "Hangzhou") }, { requiredKeys: [] })
            .map((a) => (Object.keys(a).length ? a : { country: "China" })),
        },
        { requiredKeys: ["storyType"] },
      ),
    );
    const offsets = ["Z", "+08:00", "-05:00", ".123Z", ".123456789+08:00"];
    const time = fc
      .tuple(
        fc.integer({ min: 2020, max: 2025 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(...offsets),
      )
      .map(([y, m, zone]) => `${y}-${String(m).padStart(2, "0")}-01T00:00:00${zone}`);
    await fc.assert(
      fc.asyncProperty(
        typed,
        fc.record(
          {
            storyName: fc.string({ maxLength: 20 }),
            customId: fc.string({ maxLength: 10 }),
            customLabels: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.string({ maxLength: 6 }), {
              maxKeys: 3,
            }),
            tags: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.string({ maxLength: 6 }), {
              maxKeys: 2,
            }),
            storyStartTime: time,
            minFileCount: fc.integer({ min: 2, max: 5 }),
          },
          { requiredKeys: [] },
        ),
        async (kind, extra) => {
          const declared = declare("prop", { ...kind, ...extra, storyEndTime: "2026-01-01T00:00:00Z" });
          const inputs = await checked(declared);
          const created = await story.create(inputs);
          try {
            const read = await story.read(created.id, created.outs);
            expect(await story.diff(created.id, read.props!, inputs)).toMatchObject({ changes: false });
            const again = await checked(declared, read.inputs!);
            expect(await story.diff(created.id, read.props!, again)).toMatchObject({ changes: false });
          } finally {
            await story.delete(created.id, created.outs);
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe("imm.Story waiting and failures", () => {
  it("generates again within the apply when a task fails with a transient cause (one extra CreateStory)", async () => {
    logs.length = 0;
    emulator.setFaults({ taskFailureRate: 1, actions: ["CreateStory"] });
    // The service recovers as soon as the provider decides to retry.
    onLog = (line) => {
      if (/a transient cause/.test(line)) emulator.clearFaults();
    };
    const inputs = await checked(declare("flaky"));
    const before = {
      create: calls("CreateStory"),
      failures: emulator.stats().injectedFaults.taskFailure ?? 0,
    };
    const created = await story.create(inputs);
    expect(created.outs).toMatchObject({ fileCount: 24, incomplete: false });
    expect(calls("CreateStory")).toBe(before.create + 2);
    expect(emulator.stats().injectedFaults.taskFailure).toBe(before.failures + 1);
    expect(logs.filter((line) => /a transient cause/.test(line))).toEqual([
      expect.stringMatching(
        /^story .* generation failed with InternalError, a transient cause: generating it again \(CreateStory on the same ObjectId\) \(attempt 2 of 3\)$/,
      ),
    ]);
    expect(storiesIn().filter((key) => key.endsWith(`/${inputs.objectId}`))).toHaveLength(1);
    await story.delete(created.id, created.outs);
  });

  it("does not retry a task that fails with a non-transient cause (the dataset went away)", async () => {
    logs.length = 0;
    const dataset = "short-lived-dataset";
    await direct.call(imm.CreateDataset, { ProjectName: PROJECT, DatasetName: dataset });
    emulator.setTimings({ storyTaskMs: 1500 });
    const inputs = await checked(declare("orphaned", { datasetName: dataset }));
    const before = calls("CreateStory");
    const pending = failure(story.create(inputs));
    await until(() => calls("CreateStory") > before, "CreateStory");
    await direct.call(imm.DeleteDataset, { ProjectName: PROJECT, DatasetName: dataset });
    const error = await pending;
    expect(error.message).toMatch(/\(StoryCreation\) failed with ResourceNotFound/);
    expect(calls("CreateStory")).toBe(before + 1);
    expect(logs.some((line) => /a transient cause/.test(line))).toBe(false);
  });

  it("fails the create with the task's Code, Message, TaskId and request ids when the retries are used up", async () => {
    logs.length = 0;
    emulator.setFaults({ taskFailureRate: 1, actions: ["CreateStory"] });
    const inputs = await checked(declare("doomed"));
    const before = calls("CreateStory");
    const error = await failure(story.create(inputs));
    // The first generation and two more, then the failure is reported as without retries.
    expect(calls("CreateStory")).toBe(before + 3);
    expect(
      logs.filter((line) => /a transient cause/.test(line)).map((line) => /attempt \d of 3/.exec(line)?.[0]),
    ).toEqual(["attempt 2 of 3", "attempt 3 of 3"]);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(
      /generation task CreateStory-[0-9a-f-]+ \(StoryCreation\) failed with InternalError: The story generation failed/,
    );
    expect(error.message).toMatch(/CreateStory request id [0-9A-F-]{36}; GetTask request id [0-9A-F-]{36}/);
    // No story object exists, so nothing is recorded: the next create starts over on the same ObjectId.
    expect(storiesIn().some((key) => key.endsWith(`/${inputs.objectId}`))).toBe(false);
    emulator.clearFaults();
    const created = await story.create(await checked(declare("doomed")));
    expect(created.id).toBe(`${PROJECT}/${DATASET}/${inputs.objectId}`);
    await story.delete(created.id, created.outs);
  });

  it("records partial state when a regeneration fails but the story exists, and a later update repairs it", async () => {
    const inputs = await checked(declare("fragile"));
    const created = await story.create(inputs);
    emulator.setFaults({ taskFailureRate: 1, actions: ["CreateStory"] });
    const news = await checked({ ...inputs, maxFileCount: 3 }, inputs);
    const before = calls("CreateStory");
    const partial = await failure(story.update(created.id, created.outs, news));
    expect(calls("CreateStory")).toBe(before + 3); // retries used up
    expect(partial).toMatchObject({
      id: created.id,
      message: expect.stringMatching(/failed with InternalError/),
    });
    const properties = partial.properties as Record<string, unknown>;
    expect(properties.fileCount).toBe(24); // the story as it still is
    emulator.clearFaults();
    // The next `pulumi up` updates from the recorded state: the failed task makes it generate again.
    const repaired = await story.update(created.id, properties, news);
    expect(repaired.outs.fileCount).toBe(3);
    expect(repaired.outs.taskId).not.toBe(properties.taskId);
    await story.delete(created.id, repaired.outs);
  });

  it("records partial state when the task outlives waitTimeoutSeconds; a later update waits for the same task", async () => {
    // Far longer than the 1 s wait, whatever the machine's speed.
    emulator.setTimings({ storyTaskMs: 5000 });
    const inputs = await checked(declare("slow", { waitTimeoutSeconds: 1 }));
    const create = calls("CreateStory");
    const partial = await failure(story.create(inputs));
    expect(partial.message).toMatch(/timed out after 1s waiting for story .* \(generation task CreateStory-/);
    expect(partial.message).toMatch(/TaskId CreateStory-/);
    const properties = partial.properties as Record<string, unknown>;
    expect(partial.id).toBe(`${PROJECT}/${DATASET}/${inputs.objectId}`);
    expect(properties).toMatchObject({ objectId: inputs.objectId, fileCount: 0 });
    // A refresh meanwhile keeps it: not there yet is not gone.
    const read = await story.read(String(partial.id), properties);
    expect(read.id).toBe(partial.id);

    const news = await checked(declare("slow"), inputs);
    const converged = await story.update(String(partial.id), properties, news);
    expect(converged.outs).toMatchObject({ fileCount: 24, taskId: properties.taskId });
    expect(calls("CreateStory")).toBe(create + 1);
    expect(storiesIn().filter((key) => key.endsWith(`/${inputs.objectId}`))).toHaveLength(1);
    await story.delete(String(partial.id), converged.outs);
  });

  it("on delete, lets a generation still running finish first, so the story does not come back", async () => {
    emulator.setTimings({ storyTaskMs: 3000 });
    const inputs = await checked(declare("short-lived", { waitTimeoutSeconds: 0 }));
    const partial = await failure(story.create(inputs));
    const properties = partial.properties as Record<string, unknown>;
    expect(properties.fileCount).toBe(0);
    await story.delete(String(partial.id), { ...properties, waitTimeoutSeconds: 60 });
    expect(storiesIn().filter((key) => key.endsWith(`/${inputs.objectId}`))).toHaveLength(0);
    const task = await direct.call(imm.GetTask, {
      ProjectName: PROJECT,
      TaskId: String(properties.taskId),
      TaskType: "StoryCreation",
    });
    expect(task.Status).toBe("Succeeded"); // it ran to the end before the delete
  });

  it("absorbs throttled GetTask calls with the retry policy", async () => {
    logs.length = 0;
    const inputs = await checked(declare("throttled"));
    const throttled = () => emulator.stats().injectedFaults.throttle ?? 0;
    const throttledBefore = throttled();
    emulator.setFaults({ throttleRate: 1, actions: ["GetTask"] });
    const pending = story.create(inputs);
    await until(() => throttled() >= throttledBefore + 2, "two throttled GetTask calls");
    emulator.clearFaults();
    const created = await pending;
    expect(created.outs.fileCount).toBe(24);
    expect(logs.some((line) => /^GetTask: Throttling\.User; retrying/.test(line))).toBe(true);
    await story.delete(created.id, created.outs);
  });
});

describe("imm.Story: no duplicate after a lost CreateStory response", () => {
  it("retries the lost call on the same ObjectId: one story, create converges", async () => {
    const inputs = await checked(declare("lost-retried"));
    const create = calls("CreateStory");
    emulator.setFaults({ lostResponseRate: 1, actions: ["CreateStory"] });
    const pending = story.create(inputs);
    await until(() => calls("CreateStory") >= create + 1, "the first CreateStory");
    emulator.clearFaults();
    const created = await pending;
    expect(calls("CreateStory")).toBeGreaterThanOrEqual(create + 2); // the response was lost: retried
    expect(storiesIn().filter((key) => key.endsWith(`/${inputs.objectId}`))).toHaveLength(1);
    expect(created.outs.fileCount).toBe(24);
    await story.delete(created.id, created.outs);
  });

  it("when the apply gives up after the lost response, a fresh create waits for that task instead of starting another", async () => {
    const inputs = await checked(declare("lost-interrupted"));
    const interrupted = new ResourceLifecycle(storySpec as unknown as ResourceSpec, noRetryContext);
    // Long enough that the task is still running when the fresh create asks.
    emulator.setTimings({ storyTaskMs: 3000 });
    emulator.setFaults({ lostResponseRate: 1, actions: ["CreateStory"] });
    const error = await failure(interrupted.create(inputs));
    expect(error.message).toMatch(/CreateStory failed: network error/);
    emulator.clearFaults();
    const create = calls("CreateStory");

    // The next `pulumi up`: no state was recorded, so a fresh check, the same ObjectId, a fresh create.
    const fresh = await checked(declare("lost-interrupted"));
    expect(fresh.objectId).toBe(inputs.objectId);
    logs.length = 0;
    const created = await story.create(fresh);
    expect(calls("CreateStory")).toBe(create);
    expect(
      logs.some((line) => /from an earlier, interrupted apply is still running; waiting for it/.test(line)),
    ).toBe(true);
    expect(storiesIn().filter((key) => key.endsWith(`/${inputs.objectId}`))).toHaveLength(1);
    expect(created.outs.fileCount).toBe(24);
    expect(created.outs.taskId).toMatch(/^CreateStory-/);

    // And once that task is over, another fresh create takes the story over as it is.
    logs.length = 0;
    const again = await story.create(await checked(declare("lost-interrupted")));
    expect(calls("CreateStory")).toBe(create);
    expect(
      logs.some((line) =>
        /already exists under the ObjectId derived for this resource.*taking it over/.test(line),
      ),
    ).toBe(true);
    expect(again.id).toBe(created.id);
    await story.delete(created.id, created.outs);
  });

  it("when an update's regeneration was interrupted, the next update waits for it instead of generating again", async () => {
    const inputs = await checked(declare("regen-interrupted"));
    const created = await story.create(inputs);
    const news = await checked({ ...inputs, maxFileCount: 4 }, inputs);
    emulator.setTimings({ storyTaskMs: 3000 });
    emulator.setFaults({ lostResponseRate: 1, actions: ["CreateStory"] });
    const interrupted = new ResourceLifecycle(storySpec as unknown as ResourceSpec, noRetryContext);
    await failure(interrupted.update(created.id, created.outs, news));
    emulator.clearFaults();
    const create = calls("CreateStory");

    // The engine still holds the old state (the failed update recorded nothing) and runs the update again.
    logs.length = 0;
    const updated = await story.update(created.id, created.outs, news);
    expect(calls("CreateStory")).toBe(create);
    expect(
      logs.some((line) => /from an earlier, interrupted apply is still running; waiting for it/.test(line)),
    ).toBe(true);
    expect(updated.outs.fileCount).toBe(4);
    expect(updated.outs.taskId).not.toBe(created.outs.taskId);

    // A different change than the interrupted one is still generated after waiting for it.
    emulator.setTimings({ storyTaskMs: 3000 });
    emulator.setFaults({ lostResponseRate: 1, actions: ["CreateStory"] });
    await failure(
      interrupted.update(created.id, updated.outs, await checked({ ...inputs, maxFileCount: 5 }, news)),
    );
    emulator.clearFaults();
    const other = await checked({ ...inputs, maxFileCount: 6 }, news);
    const again = await story.update(created.id, updated.outs, other);
    expect(calls("CreateStory")).toBe(create + 2);
    expect(again.outs.fileCount).toBe(6);
    await story.delete(created.id, again.outs);
  });

  it("refuses a story made outside the stack under the declared ObjectId unless adopt: true; adopting generates only if it differs", async () => {
    const made = await direct.call(imm.CreateStory, {
      ProjectName: PROJECT,
      DatasetName: DATASET,
      ObjectId: "made-by-hand",
      StoryType: "TimeMemory",
    });
    for (let i = 0; i < 200; i++) {
      const task = await direct.call(imm.GetTask, {
        ProjectName: PROJECT,
        TaskId: made.TaskId,
        TaskType: "StoryCreation",
      });
      if (task.Status !== "Running") break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const create = calls("CreateStory");
    const same = await story.create(
      await checked(declare("hand", { objectId: "made-by-hand", adopt: true })),
    );
    expect(calls("CreateStory")).toBe(create);
    expect(same.outs.fileCount).toBe(24);
    // Without adopt, a story the stack did not derive the ObjectId of is someone else's.
    await expect(
      story.create(await checked(declare("hand", { objectId: "made-by-hand", storyType: "TravelMemory" }))),
    ).rejects.toThrow(
      /story story-it\/trips\/made-by-hand already exists and is not taken over.*`adopt: true`/,
    );
    expect(calls("CreateStory")).toBe(create);
    const different = await story.create(
      await checked(declare("hand", { objectId: "made-by-hand", storyType: "TravelMemory", adopt: true })),
    );
    expect(calls("CreateStory")).toBe(create + 1);
    expect(different.outs.storyType).toBe("TravelMemory");
    await story.delete(different.id, different.outs);
  });
});
