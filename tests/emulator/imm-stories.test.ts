/**
 * The emulator's IMM stories and tasks (IMM API reference: CreateStory, GetTask, ListTasks) through the real
 * openapi-client over HTTP: the CreateStory → StoryCreation task timeline (Running → Succeeded /
 * Failed), the story built from the dataset's indexed files by its criteria, regeneration on the same
 * ObjectId, every documented validation rule answered with the parameter's name, GetTask / ListTasks,
 * and the synchronous story operations.
 */
import { startEmulator } from "../../emulator";
import { STORY_FILE_CAP, storyFiles } from "../../emulator/imm/stories";
import { listObjects } from "../../emulator/imm/synthetic-bucket";
import { findTask, finishTask, startTask, TASK_RETENTION_MS } from "../../emulator/imm/tasks";
import { DEFAULT_TIMINGS } from "../../emulator/core/timings";
import type { WorldContext } from "../../emulator/core/service";
import { Store } from "../../emulator/core/store";
import { imm, type RequestOf } from "../../provider/operations";
import { type ApiClient } from "../../provider/runtime";
import { NO_RETRY, immClient, rejection } from "./support";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;
let client: ApiClient;

const PROJECT = "story-project";
const DATASET = "trips";
const TAGGED = "tagged";
const BUCKET = "trip-bucket";
const objects = listObjects(BUCKET);

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { storyTaskMs: 150, bindingScanMs: 20, indexMs: 10 } });
  client = immClient(emulator, { retry: NO_RETRY });
  await client.call(imm.CreateProject, { ProjectName: PROJECT });
  await client.call(imm.CreateDataset, { ProjectName: PROJECT, DatasetName: DATASET });
  await client.call(imm.CreateBinding, {
    ProjectName: PROJECT,
    DatasetName: DATASET,
    URI: `oss://${BUCKET}`,
  });
  await client.call(imm.CreateDataset, { ProjectName: PROJECT, DatasetName: TAGGED });
  await client.call(imm.BatchIndexFileMeta, {
    ProjectName: PROJECT,
    DatasetName: TAGGED,
    Files: [
      { URI: "oss://tagged-bucket/dinner.jpg", Labels: [{ LabelName: "Food" }] },
      { URI: "oss://tagged-bucket/lunch.jpg", Labels: [{ LabelName: "Food" }] },
      { URI: "oss://tagged-bucket/dog.jpg", Labels: [{ LabelName: "PetDog" }] },
      { URI: "oss://tagged-bucket/me.jpg", Figures: [{ FigureClusterId: "Cluster-1", FigureType: "face" }] },
    ] as unknown as RequestOf<typeof imm.BatchIndexFileMeta>["Files"],
  });
  // Wait (by polling, not by time) until the bucket scan has indexed every object.
  for (let i = 0; i < 200; i++) {
    const binding = await client.call(imm.GetBinding, {
      ProjectName: PROJECT,
      DatasetName: DATASET,
      URI: `oss://${BUCKET}`,
    });
    const tagged = await client.call(imm.SimpleQuery, { ProjectName: PROJECT, DatasetName: TAGGED });
    if (binding.Binding.Phase === "IncrementalScanning" && (tagged.Files ?? []).length === 4) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the datasets were never indexed");
});
afterEach(() => emulator.clearFaults());
afterAll(() => emulator?.close());

type CreateStory = RequestOf<typeof imm.CreateStory>;
const createStory = (params: Partial<CreateStory> = {}) =>
  client.call(imm.CreateStory, {
    ProjectName: PROJECT,
    DatasetName: DATASET,
    StoryType: "TimeMemory",
    ...params,
  });
const getStory = (objectId: string, dataset = DATASET) =>
  client.call(imm.GetStory, { ProjectName: PROJECT, DatasetName: dataset, ObjectId: objectId });
const getTask = (taskId: string) =>
  client.call(imm.GetTask, { ProjectName: PROJECT, TaskId: taskId, TaskType: "StoryCreation" });

async function settled(taskId: string) {
  for (let i = 0; i < 200; i++) {
    const task = await getTask(taskId);
    if (task.Status !== "Running") return task;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`task ${taskId} never left Running`);
}

const allStories = () =>
  Object.keys(emulator.resources()["imm.stories"] ?? {}).filter((key) => key.startsWith(`${PROJECT}/`));

describe("CreateStory → GetTask → GetStory", () => {
  it("answers with TaskId, EventId and ObjectId, and the task is Running until it ends", async () => {
    // A task far longer than the test, so "still running" does not depend on the machine's speed.
    emulator.setTimings({ storyTaskMs: 3_600_000 });
    const slow = await createStory({ ObjectId: "not-yet" });
    emulator.setTimings({ storyTaskMs: 150 });
    expect(slow.TaskId).toMatch(/^CreateStory-[0-9a-f-]{36}$/);
    expect(slow.EventId).toMatch(/^[0-9A-F]{3}-[0-9a-f]{24}$/);
    expect((slow as Record<string, unknown>).ObjectId).toBe("not-yet");
    const running = await getTask(slow.TaskId);
    expect(running).toMatchObject({ TaskId: slow.TaskId, TaskType: "StoryCreation", Status: "Running" });
    expect(running.StartTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(running.EndTime).toBeUndefined();
    expect(running.Progress).toBeLessThan(100);
    // Until the task succeeds the new story does not exist.
    expect((await rejection(getStory("not-yet"))).code).toBe("ResourceNotFound");
  });

  it("builds the story from the dataset's indexed files when the task succeeds", async () => {
    const created = await createStory({
      ObjectId: "all-trips",
      StoryName: "All trips",
      CustomLabels: { k: "v" },
    });
    const done = await settled(created.TaskId);
    expect(done.Status).toBe("Succeeded");
    expect(done.EndTime).toBeDefined();
    expect(done.Code).toBeUndefined();

    const { Story } = await getStory("all-trips");
    expect(Story).toMatchObject({
      ObjectId: "all-trips",
      ObjectType: "story",
      StoryType: "TimeMemory",
      StorySubType: "",
      StoryName: "All trips",
      CustomLabels: { k: "v" },
      ProjectName: PROJECT,
      DatasetName: DATASET,
    });
    // Every indexed photo and video, in capture-time order; the earliest is the cover.
    expect(Story.Files).toHaveLength(objects.length);
    const earliest = [...objects].sort((a, b) => a.produceTime - b.produceTime)[0]!;
    expect(Story.Cover?.URI).toBe(`oss://${BUCKET}/${earliest.key}`);
  });

  it("keeps only files in the time range and within MaxFileCount", async () => {
    const start = "2024-05-01T00:00:00Z";
    const end = "2024-05-31T23:59:59Z";
    const inRange = objects.filter(
      (o) => o.produceTime >= Date.parse(start) && o.produceTime <= Date.parse(end),
    ).length;
    expect(inRange).toBeGreaterThan(3);
    const ranged = await createStory({ ObjectId: "may-2024", StoryStartTime: start, StoryEndTime: end });
    await settled(ranged.TaskId);
    const { Story } = await getStory("may-2024");
    expect(Story.Files).toHaveLength(inRange);
    // Times come back in IMM's own RFC 3339 form, same instant.
    expect(Date.parse(Story.StoryStartTime!.replace(/(\.\d{3})\d+/, "$1"))).toBe(Date.parse(start));

    const capped = await createStory({ ObjectId: "three", MinFileCount: 2, MaxFileCount: 3 });
    await settled(capped.TaskId);
    expect((await getStory("three")).Story.Files).toHaveLength(3);
  });

  it("gives an empty story when fewer files match than MinFileCount", async () => {
    const created = await createStory({ ObjectId: "too-few", MinFileCount: objects.length + 1 });
    expect((await settled(created.TaskId)).Status).toBe("Succeeded");
    const { Story } = await getStory("too-few");
    expect(Story.Files).toEqual([]);
    expect(Story.Cover).toBeUndefined();
  });

  it("never puts more than 1,500 files in a story, whatever MaxFileCount says", () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({
      URI: `oss://b/${String(i).padStart(5, "0")}.jpg`,
      MediaType: "image",
    }));
    expect(storyFiles(many, { StoryType: "TimeMemory", StorySubType: "", maxFiles: 5000 })).toHaveLength(
      STORY_FILE_CAP,
    );
    expect(storyFiles(many, { StoryType: "TimeMemory", StorySubType: "", maxFiles: 10 })).toHaveLength(10);
  });

  it("selects by type: TagMemory by label, PeopleMemory by figures, TravelMemory by address", async () => {
    const food = await client.call(imm.CreateStory, {
      ProjectName: PROJECT,
      DatasetName: TAGGED,
      ObjectId: "food",
      StoryType: "TagMemory",
      StorySubType: "Food",
    });
    const people = await client.call(imm.CreateStory, {
      ProjectName: PROJECT,
      DatasetName: TAGGED,
      ObjectId: "me",
      StoryType: "PeopleMemory",
      StorySubType: "Solo",
    });
    const travel = await createStory({
      ObjectId: "shenzhen",
      StoryType: "TravelMemory",
      Address: { City: "Shenzhen" },
    });
    await Promise.all([settled(food.TaskId), settled(people.TaskId), settled(travel.TaskId)]);
    expect((await getStory("food", TAGGED)).Story.Files!.map((f) => f.URI).sort()).toEqual([
      "oss://tagged-bucket/dinner.jpg",
      "oss://tagged-bucket/lunch.jpg",
    ]);
    const me = (await getStory("me", TAGGED)).Story;
    expect(me.Files!.map((f) => f.URI)).toEqual(["oss://tagged-bucket/me.jpg"]);
    expect(me.FigureClusterIds).toEqual(["Cluster-1"]);
    const trip = (await getStory("shenzhen")).Story;
    expect(trip.Files).toHaveLength(objects.filter((o) => o.place.City === "Shenzhen").length);
    expect(trip.Addresses!.map((a) => a.City)).toEqual(["Shenzhen"]);
  });

  it("regenerates the same story when CreateStory names an existing ObjectId", async () => {
    const first = await createStory({ ObjectId: "regen", StoryName: "before" });
    await settled(first.TaskId);
    const before = (await getStory("regen")).Story;
    const count = allStories().length;

    // A regeneration far longer than the test: meanwhile the previous version is still there.
    emulator.setTimings({ storyTaskMs: 3_600_000 });
    const pending = await createStory({ ObjectId: "regen", MaxFileCount: 2 });
    emulator.setTimings({ storyTaskMs: 150 });
    expect((await getStory("regen")).Story).toEqual(before);
    expect((await getTask(pending.TaskId)).Status).toBe("Running");

    const second = await createStory({
      ObjectId: "regen",
      StoryStartTime: "2024-10-01T00:00:00Z",
      StoryEndTime: "2024-10-31T23:59:59Z",
    });
    expect(second.TaskId).not.toBe(first.TaskId);
    await settled(second.TaskId);
    const after = (await getStory("regen")).Story;
    expect(allStories()).toHaveLength(count);
    expect(after.CreateTime).toBe(before.CreateTime);
    expect(after.StoryName).toBe("before"); // not sent again: kept
    expect(after.Files!.length).toBeLessThan(before.Files!.length);
    expect(after.Files!.every((f) => f.URI!.includes("2024-10-"))).toBe(true);
  });

  it("fails the task with Code and Message when a task failure is injected, leaving no story", async () => {
    emulator.setFaults({ taskFailureRate: 1, actions: ["CreateStory"] });
    const created = await createStory({ ObjectId: "doomed" });
    const done = await settled(created.TaskId);
    expect(done).toMatchObject({ Status: "Failed", Code: "InternalError" });
    expect(done.Message).toMatch(/story generation failed/);
    expect((await rejection(getStory("doomed"))).code).toBe("ResourceNotFound");
  });

  it("keeps the existing story as it was when its regeneration fails", async () => {
    const ok = await createStory({ ObjectId: "survivor" });
    await settled(ok.TaskId);
    const before = (await getStory("survivor")).Story;
    emulator.setFaults({ taskFailureRate: 1, actions: ["CreateStory"] });
    const failed = await createStory({ ObjectId: "survivor", MaxFileCount: 2 });
    expect((await settled(failed.TaskId)).Status).toBe("Failed");
    expect((await getStory("survivor")).Story).toEqual(before);
  });
});

describe("CreateStory validation (the CreateStory page's rules), before anything starts", () => {
  const cases: [string, Partial<CreateStory> & Record<string, unknown>, string, RegExp][] = [
    ["StoryType missing", { StoryType: "" }, "InvalidArgument", /StoryType is required/],
    ["StoryType unknown", { StoryType: "Holiday" }, "InvalidStoryType", /StoryType.*one of TimeMemory/],
    [
      "a subtype where none exists",
      { StorySubType: "Food" },
      "InvalidStorySubType",
      /empty for StoryType TimeMemory/,
    ],
    [
      "a subtype of another type",
      { StoryType: "TagMemory", StorySubType: "Solo" },
      "InvalidStorySubType",
      /Food, Pet, PetDog, PetCat, Scenery/,
    ],
    ["start time not RFC 3339", { StoryStartTime: "2021-12-30 16:00" }, "InvalidStoryStartTime", /RFC 3339/],
    ["end time not RFC 3339", { StoryEndTime: "yesterday" }, "InvalidStoryEndTime", /RFC 3339/],
    [
      "start not before end",
      { StoryStartTime: "2021-12-30T16:00:00Z", StoryEndTime: "2021-12-30T16:00:00Z" },
      "InvalidStoryEndTime",
      /later than StoryStartTime/,
    ],
    ["MinFileCount of 1", { MinFileCount: 1 }, "InvalidMinFileCount", /at least 2/],
    [
      "MaxFileCount not above MinFileCount",
      { MinFileCount: 5, MaxFileCount: 5 },
      "InvalidMaxFileCount",
      /greater than MinFileCount/,
    ],
    [
      "Address on a TimeMemory story",
      { Address: { City: "Hangzhou" } },
      "InvalidAddress",
      /only when StoryType is TravelMemory/,
    ],
    [
      "an empty Address",
      { StoryType: "TravelMemory", Address: {} },
      "InvalidAddress",
      /at least one of City/,
    ],
    [
      "UserData over 2,048 bytes",
      { UserData: "€".repeat(683) },
      "InvalidUserData",
      /at most 2048 bytes \(got 2049\)/,
    ],
    [
      "more than 100 custom labels",
      { CustomLabels: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, "v"])) },
      "InvalidCustomLabels",
      /at most 100 labels/,
    ],
    ["a nested tag value", { Tags: { a: { b: 1 } } }, "InvalidTags", /Tags\.a.*string, number or boolean/],
    [
      "MNS without a topic",
      { Notification: { MNS: {} } as CreateStory["Notification"] },
      "InvalidNotification",
      /Notification\.MNS\.TopicName is not valid: is required/,
    ],
    ["an ObjectId with a space", { ObjectId: "my story" }, "InvalidObjectId", /letters, digits/],
  ];

  it.each(cases)("refuses %s", async (_name, params, code, message) => {
    const before = (await client.call(imm.ListTasks, { ProjectName: PROJECT })).Tasks?.length ?? 0;
    const error = await rejection(createStory(params as Partial<CreateStory>));
    expect(error.code).toBe(code);
    expect(error.httpStatus).toBe(400);
    expect(error.apiMessage).toMatch(message);
    expect((await client.call(imm.ListTasks, { ProjectName: PROJECT })).Tasks?.length ?? 0).toBe(before);
  });

  it("accepts exactly 2,048 bytes of UserData and a MaxFileCount above 1,500", async () => {
    const created = await createStory({
      ObjectId: "edge",
      UserData: "€".repeat(682) + "ab",
      MaxFileCount: 5000,
    });
    expect((await settled(created.TaskId)).Status).toBe("Succeeded");
  });

  it("answers ResourceNotFound for an unknown dataset or project", async () => {
    expect((await rejection(createStory({ DatasetName: "nope" }))).apiMessage).toMatch(
      /dataset is not found/,
    );
    expect((await rejection(createStory({ ProjectName: "nope" }))).apiMessage).toMatch(
      /project is not found/,
    );
  });
});

describe("GetTask and ListTasks", () => {
  it("finds a task only with its own TaskType, and echoes the request definition on demand", async () => {
    const created = await createStory({ ObjectId: "defined", Tags: { owner: "tests" }, UserData: "u" });
    const wrongType = client.call(imm.GetTask, {
      ProjectName: PROJECT,
      TaskId: created.TaskId,
      TaskType: "MediaConvert",
    });
    expect((await rejection(wrongType)).code).toBe("ResourceNotFound");
    expect((await rejection(getTask("CreateStory-unknown"))).apiMessage).toMatch(/task is not found/);

    const plain = await getTask(created.TaskId);
    expect(plain.TaskRequestDefinition).toBeUndefined();
    expect(plain).toMatchObject({ Tags: { owner: "tests" }, UserData: "u" });
    const defined = await client.call(imm.GetTask, {
      ProjectName: PROJECT,
      TaskId: created.TaskId,
      TaskType: "StoryCreation",
      RequestDefinition: true,
    });
    expect(JSON.parse(defined.TaskRequestDefinition!)).toMatchObject({
      ObjectId: "defined",
      DatasetName: DATASET,
      StoryType: "TimeMemory",
    });
    await settled(created.TaskId);
  });

  it("filters by type, status and tag, and pages with NextToken (MaxResults as a string)", async () => {
    // Tasks far longer than the test, so they are Running whatever the machine's speed.
    emulator.setTimings({ storyTaskMs: 3_600_000 });
    const a = await createStory({ ObjectId: "list-a", Tags: { batch: "list" } });
    const b = await createStory({ ObjectId: "list-b", Tags: { batch: "list" } });
    emulator.setTimings({ storyTaskMs: 150 });
    const running = await client.call(imm.ListTasks, {
      ProjectName: PROJECT,
      TaskTypes: ["StoryCreation"],
      Status: "Running",
      TagSelector: "batch=list",
    });
    expect(running.Tasks!.map((t) => t.TaskId).sort()).toEqual([a.TaskId, b.TaskId].sort());
    const none = await client.call(imm.ListTasks, { ProjectName: PROJECT, TaskTypes: ["MediaConvert"] });
    expect(none.Tasks).toEqual([]);

    const first = await client.call(imm.ListTasks, {
      ProjectName: PROJECT,
      TagSelector: "batch=list",
      MaxResults: 1,
    });
    expect(first.MaxResults).toBe("1");
    expect(first.Tasks).toHaveLength(1);
    const second = await client.call(imm.ListTasks, {
      ProjectName: PROJECT,
      TagSelector: "batch=list",
      MaxResults: 1,
      NextToken: first.NextToken!,
    });
    expect(second.Tasks).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    expect(second.Tasks![0]!.TaskId).not.toBe(first.Tasks![0]!.TaskId);

    const c = await createStory({ ObjectId: "list-c", Tags: { batch: "done" } });
    await settled(c.TaskId);
    const succeeded = await client.call(imm.ListTasks, {
      ProjectName: PROJECT,
      Status: "Succeeded",
      TagSelector: "batch=done",
    });
    expect(succeeded.Tasks!.map((t) => t.TaskId)).toEqual([c.TaskId]);
    const stillRunning = await client.call(imm.ListTasks, {
      ProjectName: PROJECT,
      Status: "Running",
      TagSelector: "batch=done",
    });
    expect(stillRunning.Tasks).toEqual([]);
    expect(
      (await rejection(client.call(imm.ListTasks, { ProjectName: PROJECT, TagSelector: "nokey" }))).code,
    ).toBe("InvalidTagSelector");
  });
});

describe("UpdateStory, DeleteStory, QueryStories, CreateCustomizedStory", () => {
  let objectId: string;

  beforeAll(async () => {
    const created = await createStory({ ObjectId: "editable", CustomLabels: { season: "summer" } });
    await settled(created.TaskId);
    objectId = "editable";
  });

  it("updates name, custom id, labels and cover in place", async () => {
    const cover = `oss://${BUCKET}/${objects[3]!.key}`;
    await client.call(imm.UpdateStory, {
      ProjectName: PROJECT,
      DatasetName: DATASET,
      ObjectId: objectId,
      StoryName: "renamed",
      CustomId: "c-1",
      CustomLabels: { season: "winter" },
      Cover: { URI: cover },
    });
    expect((await getStory(objectId)).Story).toMatchObject({
      StoryName: "renamed",
      CustomId: "c-1",
      CustomLabels: { season: "winter" },
      Cover: { URI: cover },
    });
    const unknownCover = client.call(imm.UpdateStory, {
      ProjectName: PROJECT,
      DatasetName: DATASET,
      ObjectId: objectId,
      Cover: { URI: "oss://elsewhere/x.jpg" },
    });
    expect((await rejection(unknownCover)).apiMessage).toMatch(/file is not found/);
    const unknownStory = client.call(imm.UpdateStory, {
      ProjectName: PROJECT,
      DatasetName: DATASET,
      ObjectId: "missing",
      StoryName: "x",
    });
    expect((await rejection(unknownStory)).apiMessage).toMatch(/story is not found/);
  });

  it("queries by type, label and emptiness, with paging", async () => {
    const byLabel = await client.call(imm.QueryStories, {
      ProjectName: PROJECT,
      DatasetName: DATASET,
      CustomLabels: "season=winter",
    });
    expect(byLabel.Stories!.map((s) => s.ObjectId)).toEqual([objectId]);
    const travel = await client.call(imm.QueryStories, {
      ProjectName: PROJECT,
      DatasetName: DATASET,
      StoryType: "TravelMemory",
    });
    expect(travel.Stories!.map((s) => s.ObjectId)).toEqual(["shenzhen"]);
    const all = await client.call(imm.QueryStories, { ProjectName: PROJECT, DatasetName: DATASET });
    const nonEmpty = await client.call(imm.QueryStories, {
      ProjectName: PROJECT,
      DatasetName: DATASET,
      WithEmptyStories: false,
    });
    expect(all.Stories!.some((s) => s.ObjectId === "too-few")).toBe(true);
    expect(nonEmpty.Stories!.some((s) => s.ObjectId === "too-few")).toBe(false);
    const page = await client.call(imm.QueryStories, {
      ProjectName: PROJECT,
      DatasetName: DATASET,
      MaxResults: 2,
    });
    expect(page.Stories).toHaveLength(2);
    const rest = await client.call(imm.QueryStories, {
      ProjectName: PROJECT,
      DatasetName: DATASET,
      MaxResults: 100,
      NextToken: page.NextToken!,
    });
    expect(page.Stories!.length + rest.Stories!.length).toBe(all.Stories!.length);
  });

  it("creates a customized story synchronously from chosen files", async () => {
    const files = objects.slice(0, 3).map((o) => ({ URI: `oss://${BUCKET}/${o.key}` }));
    const { ObjectId } = await client.call(imm.CreateCustomizedStory, {
      ProjectName: PROJECT,
      DatasetName: DATASET,
      StoryName: "picked",
      StoryType: "MyType",
      StorySubType: "Mine",
      Cover: files[1]!,
      Files: files,
    });
    const { Story } = await getStory(ObjectId);
    expect(Story).toMatchObject({ StoryName: "picked", StoryType: "MyType", Cover: { URI: files[1]!.URI } });
    expect(Story.Files).toHaveLength(3);
    const empty = client.call(imm.CreateCustomizedStory, {
      ProjectName: PROJECT,
      DatasetName: DATASET,
      StoryName: "x",
      StoryType: "T",
      StorySubType: "S",
      Cover: files[0]!,
      Files: [],
    });
    expect((await rejection(empty)).code).toBe("InvalidFiles");
  });

  it("deletes a story; deleting it again is ResourceNotFound", async () => {
    await client.call(imm.DeleteStory, { ProjectName: PROJECT, DatasetName: DATASET, ObjectId: objectId });
    expect((await rejection(getStory(objectId))).code).toBe("ResourceNotFound");
    const again = client.call(imm.DeleteStory, {
      ProjectName: PROJECT,
      DatasetName: DATASET,
      ObjectId: objectId,
    });
    expect((await rejection(again)).code).toBe("ResourceNotFound");
  });
});

describe("task records (emulator/imm/tasks.ts, reusable by any IMM async work)", () => {
  const world = (store: Store, now: number): WorldContext => ({
    store,
    now,
    timings: DEFAULT_TIMINGS,
    style: { product: "imm", notFoundStatus: 404 },
    schedule: () => undefined,
    taskFails: () => false,
    random: Math.random,
  });

  it("start → finish once, and forget the record 7 days after the start", () => {
    const store = new Store();
    const started = Date.UTC(2025, 0, 1);
    const task = startTask(world(store, started), {
      project: "p",
      taskType: "FileCompression",
      action: "CreateFileCompressionTask",
      requestDefinition: { ProjectName: "p" },
      expectedMs: 1000,
    });
    expect(task.info).toMatchObject({ TaskType: "FileCompression", Status: "Running" });
    expect(task.info.TaskId).toMatch(/^CreateFileCompressionTask-/);
    const failed = finishTask(world(store, started + 500), "p", task.info.TaskId, {
      status: "Failed",
      code: "ResourceNotFound",
      message: "The specified resource project is not found.",
    });
    expect(failed?.info).toMatchObject({ Status: "Failed", Code: "ResourceNotFound" });
    expect(failed?.info.EndTime).toBeDefined();
    // An ended task does not end again.
    expect(
      finishTask(world(store, started + 600), "p", task.info.TaskId, { status: "Succeeded" }),
    ).toBeUndefined();
    expect(findTask(world(store, started + TASK_RETENTION_MS), "p", task.info.TaskId)).toBeDefined();
    expect(findTask(world(store, started + TASK_RETENTION_MS + 1), "p", task.info.TaskId)).toBeUndefined();
  });
});
