/**
 * Waiting: how long after asynchronous work finishes does `create` return, and how many poll calls
 * did it cost, beside the pattern peers use (poll every 5 seconds) measured in the same run.
 *
 * For each duration D a fresh emulator pair is started (one for the provider through the real host,
 * one for the fixed poller, so each side's calls are counted apart) and every async kind gets
 * SAMPLES objects. Each object's emulated duration is drawn uniformly within ±10 % of D, so that
 * neither poller gains from the duration happening to fall on its polling grid. Starts are
 * serialised (the emulator's timing is set, then the create is sent and seen to arrive) so every
 * object's due time is known exactly: arrival of its create + its duration. All durations and
 * kinds run at the same time, which keeps the 60 s case affordable; the polling load this adds
 * (a few calls per second) is far below any limit, so it does not distort the figures.
 *
 * The async kinds are a table: add an entry when a resource with asynchronous work lands.
 */
import type { RunningEmulator, Timings } from "../emulator";
import { startEmulator } from "../emulator";
import { ice, imm } from "../provider/operations";
import { AlibabaApiError } from "../provider/runtime";
import { captureRegistrations, type Registration } from "../tests/harness/registrations";
import { apisFor, ArrivalLog, type Apis } from "./api";
import { loadProvider, loadSdk, median, sleep, startStack, type Stack } from "./env";
import { sdkClass } from "./mix";

export const DURATIONS_MS = [500, 2_000, 10_000, 60_000];
export const FIXED_POLL_MS = 5_000;

export interface AsyncKind {
  /** What is awaited, for the table. */
  name: string;
  type: string;
  module: "imm" | "ice";
  className: string;
  createAction: string;
  pollAction: string;
  /** Emulator timings under which the state `create` waits for arrives `ms` after the create. */
  timings(ms: number): Partial<Timings>;
  /** Objects the samples need (created once per emulator through the API). */
  prepare(api: Apis): Promise<void>;
  /** SDK arguments of sample `i`. */
  args(i: number): Record<string, unknown>;
  /** The reference poller's create and done-check, through the same API. */
  fixedCreate(api: Apis, i: number): Promise<string>;
  fixedDone(api: Apis, handle: string): Promise<boolean>;
}

const RENDER_TIMELINE = {
  VideoTracks: [{ VideoTrackClips: [{ MediaURL: "https://bench.oss-cn-shanghai.aliyuncs.com/in/a.mp4" }] }],
};
const renderUrl = (i: number) => `https://bench.oss-cn-shanghai.aliyuncs.com/out/wait-${i}.mp4`;

const WAIT_PROJECT = "bench-wait";
const WAIT_DATASET = "bench-wait";

async function ensureProjectAndDataset(api: Apis): Promise<void> {
  const exists = (e: unknown) => e instanceof AlibabaApiError && e.isAlreadyExists();
  await api.imm.call(imm.CreateProject, { ProjectName: WAIT_PROJECT }).catch((e: unknown) => {
    if (!exists(e)) throw e;
  });
  await api.imm
    .call(imm.CreateDataset, { ProjectName: WAIT_PROJECT, DatasetName: WAIT_DATASET })
    .catch((e: unknown) => {
      if (!exists(e)) throw e;
    });
}

export const ASYNC_KINDS: AsyncKind[] = [
  {
    name: "imm.Binding: bucket scan starts (State Running)",
    type: "imm:Binding",
    module: "imm",
    className: "Binding",
    createAction: "CreateBinding",
    pollAction: "GetBinding",
    // The binding turns Running halfway through bindingScanMs.
    timings: (ms) => ({ bindingScanMs: 2 * ms }),
    prepare: ensureProjectAndDataset,
    args: (i) => ({ projectName: WAIT_PROJECT, datasetName: WAIT_DATASET, uri: `oss://bench-wait-${i}` }),
    async fixedCreate(api, i) {
      const uri = `oss://bench-wait-${i}`;
      await api.imm.call(imm.CreateBinding, {
        ProjectName: WAIT_PROJECT,
        DatasetName: WAIT_DATASET,
        URI: uri,
      });
      return uri;
    },
    async fixedDone(api, uri) {
      const r = await api.imm.call(imm.GetBinding, {
        ProjectName: WAIT_PROJECT,
        DatasetName: WAIT_DATASET,
        URI: uri,
      });
      return r.Binding.State === "Running";
    },
  },
  {
    name: "imm.Story: StoryCreation task ends (Succeeded)",
    type: "imm:Story",
    module: "imm",
    className: "Story",
    createAction: "CreateStory",
    pollAction: "GetTask",
    timings: (ms) => ({ storyTaskMs: ms }),
    prepare: ensureProjectAndDataset,
    args: (i) => ({
      projectName: WAIT_PROJECT,
      datasetName: WAIT_DATASET,
      storyType: "TimeMemory",
      objectId: `wait-story-${i}`,
    }),
    async fixedCreate(api, i) {
      const r = await api.imm.call(imm.CreateStory, {
        ProjectName: WAIT_PROJECT,
        DatasetName: WAIT_DATASET,
        StoryType: "TimeMemory",
        ObjectId: `wait-story-${i}`,
      });
      return r.TaskId;
    },
    async fixedDone(api, taskId) {
      const r = await api.imm.call(imm.GetTask, {
        ProjectName: WAIT_PROJECT,
        TaskId: taskId,
        TaskType: "StoryCreation",
      });
      return r.Status !== "Running";
    },
  },
  {
    name: "imm.Batch (waitForCompletion): batch ends (Succeeded)",
    type: "imm:Batch",
    module: "imm",
    className: "Batch",
    createAction: "CreateBatch",
    pollAction: "GetBatch",
    // Ready → Running after a tenth of batchMs, Succeeded at batchMs.
    timings: (ms) => ({ batchMs: ms }),
    prepare: ensureProjectAndDataset,
    args: (i) => ({
      projectName: WAIT_PROJECT,
      input: { oss: { bucket: `bench-wait-${i}` } },
      actions: [{ name: "doc/convert", parameters: ["target=pdf"] }],
      waitForCompletion: true,
    }),
    async fixedCreate(api, i) {
      const r = await api.imm.call(imm.CreateBatch, {
        ProjectName: WAIT_PROJECT,
        Input: { OSS: { Bucket: `bench-wait-${i}` } },
        Actions: [{ Name: "doc/convert", Parameters: ["target=pdf"] }],
        ServiceRole: "AliyunIMMBatchTriggerRole",
      });
      return r.Id;
    },
    async fixedDone(api, id) {
      const r = await api.imm.call(imm.GetBatch, { ProjectName: WAIT_PROJECT, Id: id });
      return r.Batch.State === "Succeeded" || r.Batch.State === "Failed";
    },
  },
  {
    name: "ice.StoryboardJob: Yike job ends (Succeeded)",
    type: "ice:StoryboardJob",
    module: "ice",
    className: "StoryboardJob",
    createAction: "SubmitYikeStoryboardJob",
    pollAction: "GetYikeStoryboardJob",
    timings: (ms) => ({ yikeJobMs: ms }),
    prepare: async () => undefined,
    args: (i) => ({
      fileUrl: `https://bench.oss-cn-shanghai.aliyuncs.com/novels/wait-${i}.txt`,
      title: `wait-${i}`,
    }),
    async fixedCreate(api, i) {
      const r = await api.ice.call(ice.SubmitYikeStoryboardJob, {
        FileURL: `https://bench.oss-cn-shanghai.aliyuncs.com/novels/wait-${i}.txt`,
        Title: `wait-${i}`,
      });
      return r.JobId;
    },
    async fixedDone(api, jobId) {
      const r = await api.ice.call(ice.GetYikeStoryboardJob, { JobId: jobId });
      return r.JobStatus !== "Running";
    },
  },
  {
    name: "ice.MediaProducingJob: render ends (Success)",
    type: "ice:MediaProducingJob",
    module: "ice",
    className: "MediaProducingJob",
    createAction: "SubmitMediaProducingJob",
    pollAction: "GetMediaProducingJob",
    timings: (ms) => ({ mediaProducingJobMs: ms }),
    prepare: async () => undefined,
    args: (i) => ({ timeline: RENDER_TIMELINE, outputMediaConfig: { mediaUrl: renderUrl(i) } }),
    async fixedCreate(api, i) {
      const r = await api.ice.call(ice.SubmitMediaProducingJob, {
        Timeline: JSON.stringify(RENDER_TIMELINE),
        OutputMediaConfig: JSON.stringify({ MediaURL: renderUrl(i) }),
      });
      return r.JobId;
    },
    async fixedDone(api, jobId) {
      const r = await api.ice.call(ice.GetMediaProducingJob, { JobId: jobId });
      return r.MediaProducingJob.Status === "Success" || r.MediaProducingJob.Status === "Failed";
    },
  },
];

export interface WaitingRow {
  kind: string;
  durationMs: number;
  samples: number;
  providerLagMs: number[];
  /** Poll calls per create (the emulator's count of the poll action ÷ samples). */
  providerPolls: number;
  fixedLagMs: number[];
  fixedPolls: number;
  failures: string[];
}

/** The kinds this build provides (spec registered and SDK class present). */
export function availableAsyncKinds(): AsyncKind[] {
  const sdk = loadSdk();
  const types = loadProvider().resourceTypes();
  return ASYNC_KINDS.filter((k) => types.includes(k.type) && sdkClass(sdk, k.module, k.className));
}

interface Sample {
  kind: AsyncKind;
  index: number;
  durationMs: number;
}

async function registrationsFor(samples: Sample[]): Promise<Registration[]> {
  const sdk = loadSdk();
  return captureRegistrations(
    () => {
      for (const s of samples) {
        const Class = sdkClass(sdk, s.kind.module, s.kind.className)!;
        new Class(`wait-${s.kind.className}-${s.index}`, s.kind.args(s.index));
      }
    },
    { project: "bench", stack: "bench" },
  );
}

/** One duration: provider and fixed poller side by side, every kind, SAMPLES objects each. */
async function measureDuration(
  kinds: AsyncKind[],
  nominalMs: number,
  samplesPerKind: number,
  arrivals: ArrivalLog,
): Promise<WaitingRow[]> {
  const stack: Stack = await startStack({ callTimeoutMs: nominalMs * 3 + 120_000 });
  const fixedEmulator: RunningEmulator = await startEmulator({ port: 0 });
  try {
    const providerApi = apisFor(stack.emulator);
    const fixedApi = apisFor(fixedEmulator);
    for (const kind of kinds) {
      await kind.prepare(providerApi);
      await kind.prepare(fixedApi);
    }
    await stack.host.configure(stack.config);
    const samples: Sample[] = kinds.flatMap((kind) =>
      Array.from({ length: samplesPerKind }, (_, index) => ({
        kind,
        index,
        durationMs: Math.round(nominalMs * (0.9 + 0.2 * Math.random())),
      })),
    );
    const registrations = await registrationsFor(samples);
    const checked = await Promise.all(
      registrations.map(async (reg) => {
        const { inputs, failures } = await stack.host.check(reg.urn, {}, reg.inputs);
        if (failures.length) throw new Error(`check of ${reg.urn} failed: ${JSON.stringify(failures)}`);
        return { urn: reg.urn, inputs };
      }),
    );
    const before = stack.emulator.stats();

    const providerRuns: Promise<{ sample: Sample; lag?: number; error?: string }>[] = [];
    const fixedRuns: Promise<{ sample: Sample; lag?: number; polls: number; error?: string }>[] = [];
    const started = new Map<AsyncKind, number>();
    for (const [n, sample] of samples.entries()) {
      const k = (started.get(sample.kind) ?? 0) + 1;
      started.set(sample.kind, k);
      // Provider through the host.
      stack.emulator.setTimings(sample.kind.timings(sample.durationMs));
      const { urn, inputs } = checked[n]!;
      const created = stack.host.create(urn, inputs).then(() => Date.now());
      const arrived = await arrivals.waitFor(stack.emulator, sample.kind.createAction, k);
      const dueAt = arrived + sample.durationMs;
      providerRuns.push(
        created.then(
          (returned) => ({ sample, lag: returned - dueAt }),
          (e: unknown) => ({ sample, error: e instanceof Error ? e.message : String(e) }),
        ),
      );
      // The fixed 5-second poller.
      fixedEmulator.setTimings(sample.kind.timings(sample.durationMs));
      const handle = sample.kind.fixedCreate(fixedApi, sample.index);
      const fixedArrived = await arrivals.waitFor(fixedEmulator, sample.kind.createAction, k);
      const fixedDue = fixedArrived + sample.durationMs;
      fixedRuns.push(
        (async () => {
          let polls = 0;
          try {
            const id = await handle;
            for (;;) {
              await sleep(FIXED_POLL_MS);
              polls++;
              if (await sample.kind.fixedDone(fixedApi, id))
                return { sample, lag: Date.now() - fixedDue, polls };
            }
          } catch (e) {
            return { sample, polls, error: e instanceof Error ? e.message : String(e) };
          }
        })(),
      );
    }
    const provider = await Promise.all(providerRuns);
    const fixed = await Promise.all(fixedRuns);
    const after = stack.emulator.stats();

    return kinds.map((kind) => {
      const mine = provider.filter((r) => r.sample.kind === kind);
      const theirs = fixed.filter((r) => r.sample.kind === kind);
      const polls = (after.requests[kind.pollAction] ?? 0) - (before.requests[kind.pollAction] ?? 0);
      return {
        kind: kind.name,
        durationMs: nominalMs,
        samples: mine.length,
        providerLagMs: mine.flatMap((r) => (r.lag === undefined ? [] : [r.lag])),
        providerPolls: polls / mine.length,
        fixedLagMs: theirs.flatMap((r) => (r.lag === undefined ? [] : [r.lag])),
        fixedPolls: theirs.reduce((n, r) => n + r.polls, 0) / theirs.length,
        failures: [...mine, ...theirs].flatMap((r) => (r.error ? [r.error] : [])),
      };
    });
  } finally {
    await stack.close();
    await fixedEmulator.close();
  }
}

export async function runWaiting(
  opts: { durations?: number[]; samples?: number } = {},
): Promise<WaitingRow[]> {
  const kinds = availableAsyncKinds();
  const arrivals = new ArrivalLog();
  try {
    const groups = await Promise.all(
      (opts.durations ?? DURATIONS_MS).map((d) => measureDuration(kinds, d, opts.samples ?? 8, arrivals)),
    );
    return groups.flat();
  } finally {
    arrivals.close();
  }
}

/** The aim: median lag under 10 % of the duration plus 200 ms, with fewer calls than the fixed poller. */
export function meetsAim(row: WaitingRow): { lag: boolean; calls: boolean } {
  return {
    lag: median(row.providerLagMs) < 0.1 * row.durationMs + 200,
    calls: row.providerPolls < row.fixedPolls,
  };
}
