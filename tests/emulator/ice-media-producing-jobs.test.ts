/**
 * The emulator's ICE media producing jobs (SubmitMediaProducingJob, GetMediaProducingJob) over HTTP,
 * signed by the project's client sending each parameter where the SDK does: the documented statuses
 * in order on the configured timing, the answers' documented shape, ClientToken deduplication, the
 * rules on the source and the output, failures (no clips, injected), the 30 requests/s threshold, and
 * the same operations through @alicloud/pop-core and @alicloud/openapi-client used directly.
 */
import { type RunningEmulator, startEmulator } from "../../emulator";
import type { ApiClient } from "../../provider/runtime";
import { waitFor } from "../../provider/runtime/waiter";
import {
  departures,
  openApiCaller,
  popCoreCaller,
  referenceOperation,
  thirdPartyFailure,
} from "./reference-operations";
import { NO_RETRY, iceClient, rejection } from "./support";

const Submit = referenceOperation("ice:SubmitMediaProducingJob", "not-idempotent");
const Get = referenceOperation("ice:GetMediaProducingJob");
const AddTemplate = referenceOperation("ice:AddTemplate", "not-idempotent");
const CreateEditingProject = referenceOperation("ice:CreateEditingProject", "not-idempotent");
const GetEditingProject = referenceOperation("ice:GetEditingProject");

const TIMELINE = {
  VideoTracks: [{ VideoTrackClips: [{ MediaId: "****4d7cf14dc7b83b0e801c****", In: 0, Out: 2.5 }] }],
};
const OSS_OUTPUT = JSON.stringify({ MediaURL: "https://bucket.oss-cn-shanghai.aliyuncs.com/out.mp4" });

let emulator: RunningEmulator;
let client: ApiClient;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { mediaProducingJobMs: 500, templateProcessMs: 300 } });
  client = iceClient(emulator, { retry: NO_RETRY });
});
afterEach(() => {
  emulator.clearFaults();
  emulator.setTimings({ mediaProducingJobMs: 500 });
});
afterAll(() => emulator?.close());

const submit = (params: Record<string, string>) => client.call(Submit, params);
const job = async (id: string) =>
  (await client.call(Get, { JobId: id })).MediaProducingJob as Record<string, unknown>;

/** Polls until the job is done, recording every status seen on the way. */
async function settle(id: string): Promise<{ final: Record<string, unknown>; seen: string[] }> {
  const seen: string[] = [];
  const final = await waitFor({
    what: `job ${id}`,
    poll: async () => {
      const answer = await client.call(Get, { JobId: id });
      expect(departures("ice:GetMediaProducingJob", answer)).toEqual([]);
      const current = answer.MediaProducingJob as Record<string, unknown>;
      if (seen[seen.length - 1] !== current.Status) seen.push(String(current.Status));
      return current;
    },
    describe: (current) => String(current.Status),
    isDone: (current) => current.Status === "Success" || current.Status === "Failed",
    timeoutMs: 10_000,
    initialIntervalMs: 5,
    maxIntervalMs: 10,
  });
  return { final, seen };
}

describe("SubmitMediaProducingJob / GetMediaProducingJob", () => {
  it("renders a timeline through the documented statuses, in order, to Success with the output", async () => {
    const submitted = await submit({ Timeline: JSON.stringify(TIMELINE), OutputMediaConfig: OSS_OUTPUT });
    expect(departures("ice:SubmitMediaProducingJob", submitted)).toEqual([]);
    expect(submitted).toMatchObject({
      JobId: expect.any(String),
      ProjectId: expect.any(String),
      MediaId: expect.any(String),
    });
    const { final, seen } = await settle(String(submitted.JobId));
    const order = ["Init", "Queuing", "Processing", "Success"];
    expect(seen.map((status) => order.indexOf(status))).toEqual(
      [...seen.map((s) => order.indexOf(s))].sort(),
    );
    expect(seen[seen.length - 1]).toBe("Success");
    expect(final).toMatchObject({
      JobId: submitted.JobId,
      MediaId: submitted.MediaId,
      MediaURL: "https://bucket.oss-cn-shanghai.aliyuncs.com/out.mp4",
      Duration: 2.5,
      Progress: 100,
      CompleteTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect(JSON.parse(String(final.Timeline))).toEqual(TIMELINE);
  });

  it("stays Init while the timing has not passed (mediaProducingJobMs)", async () => {
    emulator.setTimings({ mediaProducingJobMs: 3_600_000 });
    const { JobId } = await submit({ Timeline: JSON.stringify(TIMELINE), OutputMediaConfig: OSS_OUTPUT });
    expect(await job(String(JobId))).toMatchObject({ Status: "Init", Progress: 0 });
  });

  it("renders an editing project, which is Producing meanwhile and Produced after", async () => {
    const { Project } = await client.call(CreateEditingProject, {
      Title: "render me",
      Timeline: JSON.stringify(TIMELINE),
    });
    const projectId = String((Project as Record<string, unknown>).ProjectId);
    const submitted = await submit({ ProjectId: projectId, OutputMediaConfig: OSS_OUTPUT });
    expect(submitted.ProjectId).toBe(projectId);
    const status = async () =>
      ((await client.call(GetEditingProject, { ProjectId: projectId })).Project as Record<string, unknown>)
        .Status;
    expect(await status()).toBe("Producing");
    const again = await rejection(submit({ ProjectId: projectId, OutputMediaConfig: OSS_OUTPUT }));
    expect(again.code).toBe("InvalidParameter");
    expect((await settle(String(submitted.JobId))).final.Status).toBe("Success");
    expect(await status()).toBe("Produced");
  });

  it("answers the same job for a repeated ClientToken and renders nothing new", async () => {
    const params = {
      Timeline: JSON.stringify(TIMELINE),
      OutputMediaConfig: OSS_OUTPUT,
      ClientToken: "token-dedup-1",
    };
    const first = await submit(params);
    const second = await submit(params);
    expect(second).toMatchObject({ JobId: first.JobId, ProjectId: first.ProjectId, MediaId: first.MediaId });
    const jobs = Object.values(emulator.resources()["ice.mediaProducingJobs"] ?? {});
    expect(
      jobs.filter((row) => (row as { ClientToken?: string }).ClientToken === "token-dedup-1"),
    ).toHaveLength(1);
    const other = await submit({ ...params, ClientToken: "token-dedup-2" });
    expect(other.JobId).not.toBe(first.JobId);
  });

  it("outputs to VOD with StorageLocation and FileName, answering a VodMediaId", async () => {
    const submitted = await submit({
      Timeline: JSON.stringify(TIMELINE),
      OutputMediaTarget: "vod-media",
      OutputMediaConfig: JSON.stringify({
        StorageLocation: "outin-x.oss-cn-shanghai.aliyuncs.com",
        FileName: "a.mp4",
      }),
    });
    expect(submitted.VodMediaId).toEqual(expect.any(String));
    const { final } = await settle(String(submitted.JobId));
    expect(final).toMatchObject({
      Status: "Success",
      VodMediaId: submitted.VodMediaId,
      MediaURL: expect.stringContaining("a.mp4"),
    });
  });

  it("renders an Available template filled by ClipsParam, and refuses one still Processing", async () => {
    const config = JSON.stringify({ VideoTracks: [{ VideoTrackClips: [{ MediaId: "$Video1" }] }] });
    const timeline = await client.call(AddTemplate, { Name: "t", Type: "Timeline", Config: config });
    const templateId = String((timeline.Template as Record<string, unknown>).TemplateId);
    const clips = JSON.stringify({ Video1: "****media****" });
    const ok = await submit({ TemplateId: templateId, ClipsParam: clips, OutputMediaConfig: OSS_OUTPUT });
    expect((await settle(String(ok.JobId))).final).toMatchObject({
      Status: "Success",
      TemplateId: templateId,
      Duration: 5,
    });

    emulator.setTimings({ templateProcessMs: 3_600_000 });
    const advanced = await client.call(AddTemplate, { Name: "ae", Type: "VETemplate", Config: config });
    emulator.setTimings({ templateProcessMs: 300 });
    const id = String((advanced.Template as Record<string, unknown>).TemplateId);
    const refused = await rejection(
      submit({ TemplateId: id, ClipsParam: clips, OutputMediaConfig: OSS_OUTPUT }),
    );
    expect({ code: refused.code, message: refused.apiMessage }).toEqual({
      code: "InvalidParameter",
      message: expect.stringContaining("Processing"),
    });
  });

  it("ends Failed with the error for a timeline without clips, and when the injected failure strikes", async () => {
    const empty = await submit({
      Timeline: JSON.stringify({ VideoTracks: [] }),
      OutputMediaConfig: OSS_OUTPUT,
    });
    expect((await settle(String(empty.JobId))).final).toMatchObject({
      Status: "Failed",
      Code: "InvalidParameter",
      Message: expect.stringContaining("no clips"),
    });
    emulator.setFaults({ taskFailureRate: 1, actions: ["SubmitMediaProducingJob"] });
    const struck = await submit({ Timeline: JSON.stringify(TIMELINE), OutputMediaConfig: OSS_OUTPUT });
    const { final } = await settle(String(struck.JobId));
    expect(final).toMatchObject({ Status: "Failed", Code: "InternalError" });
    expect(final.Duration).toBeUndefined();
  });

  it.each([
    ["no source", { OutputMediaConfig: OSS_OUTPUT }, "MissingParameter", "ProjectId"],
    [
      "two sources",
      { ProjectId: "p", Timeline: JSON.stringify(TIMELINE), OutputMediaConfig: OSS_OUTPUT },
      "InvalidParameter",
      "exactly one",
    ],
    [
      "a template without ClipsParam",
      { TemplateId: "t", OutputMediaConfig: OSS_OUTPUT },
      "MissingParameter",
      "ClipsParam",
    ],
    [
      "OSS without MediaURL",
      { Timeline: JSON.stringify(TIMELINE), OutputMediaConfig: "{}" },
      "MissingParameter",
      "OutputMediaConfig.MediaURL",
    ],
    [
      "VOD without FileName",
      {
        Timeline: JSON.stringify(TIMELINE),
        OutputMediaTarget: "vod-media",
        OutputMediaConfig: JSON.stringify({ StorageLocation: "s" }),
      },
      "MissingParameter",
      "OutputMediaConfig.FileName",
    ],
    [
      "an unknown target",
      { Timeline: JSON.stringify(TIMELINE), OutputMediaTarget: "ftp", OutputMediaConfig: OSS_OUTPUT },
      "InvalidParameter",
      "OutputMediaTarget",
    ],
    [
      "a width of 0",
      {
        Timeline: JSON.stringify(TIMELINE),
        OutputMediaConfig: JSON.stringify({ MediaURL: "https://b.oss/x.mp4", Width: 0 }),
      },
      "InvalidParameter",
      "OutputMediaConfig.Width",
    ],
    [
      "UserData over 512 bytes",
      {
        Timeline: JSON.stringify(TIMELINE),
        OutputMediaConfig: OSS_OUTPUT,
        UserData: JSON.stringify({ k: "x".repeat(520) }),
      },
      "InvalidParameter",
      "512 bytes",
    ],
    [
      "a ClientToken over 64 characters",
      { Timeline: JSON.stringify(TIMELINE), OutputMediaConfig: OSS_OUTPUT, ClientToken: "t".repeat(65) },
      "InvalidParameter",
      "ClientToken",
    ],
  ])("refuses %s, naming it", async (_label, params, code, named) => {
    const error = await rejection(submit(params));
    expect({ code: error.code, status: error.httpStatus }).toEqual({ code, status: 400 });
    expect(error.apiMessage).toContain(named);
  });

  it("answers ResourceNotFound for an unknown job and MissingParameter without one", async () => {
    const unknown = await rejection(client.call(Get, { JobId: "0000" }));
    expect({ code: unknown.code, status: unknown.httpStatus }).toEqual({
      code: "ResourceNotFound",
      status: 404,
    });
    expect((await rejection(client.call(Get, {}))).code).toBe("MissingParameter");
  });
});

describe("ICE's 30 requests per second on SubmitMediaProducingJob", () => {
  it("throttles the requests beyond 30 in a second with Throttling.User, creating no job for them", async () => {
    // @alicloud/openapi-client used directly: the project's own client spaces these submits itself
    // (its limiter knows ICE's 30/s), so it would never show the emulator's answer to a burst.
    const direct = openApiCaller(emulator, "ice");
    const burst = async (round: number) => {
      const started = performance.now();
      const outcomes = await Promise.all(
        Array.from({ length: 45 }, (_, i) =>
          direct("SubmitMediaProducingJob", {
            Timeline: JSON.stringify(TIMELINE),
            OutputMediaConfig: OSS_OUTPUT,
            ClientToken: `burst-${round}-${i}`,
          }).then(
            () => "ok",
            (error: { code?: string; data?: { Code?: string } }) => error.code ?? error.data?.Code,
          ),
        ),
      );
      return { outcomes, ms: performance.now() - started };
    };
    // 45 requests sent at once reach the emulator within a second on any machine not starved of CPU;
    // a burst that took longer proves nothing about the limit and is sent again (at most 5 times).
    for (let round = 0; round < 5; round++) {
      const before = Object.keys(emulator.resources()["ice.mediaProducingJobs"] ?? {}).length;
      const { outcomes, ms } = await burst(round);
      const accepted = outcomes.filter((outcome) => outcome === "ok").length;
      expect(outcomes.filter((o) => o !== "ok").every((code) => code === "Throttling.User")).toBe(true);
      expect(Object.keys(emulator.resources()["ice.mediaProducingJobs"] ?? {}).length - before).toBe(
        accepted,
      );
      // The window is one second: the next burst, and the tests after this one, submit again.
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      if (ms < 900) {
        expect(accepted).toBeLessThanOrEqual(30);
        expect(accepted).toBeGreaterThan(0);
        return;
      }
    }
    throw new Error("no burst of 45 requests reached the emulator within a second in 5 tries");
  });
});

describe("through third-party clients", () => {
  it("submits with @alicloud/pop-core (POST form body) and reads with @alicloud/openapi-client", async () => {
    const pop = popCoreCaller(emulator, "ice", "POST");
    const submitted = await pop("SubmitMediaProducingJob", {
      Timeline: JSON.stringify(TIMELINE),
      OutputMediaConfig: OSS_OUTPUT,
      ClientToken: "third-party-1",
    });
    expect(
      (
        await pop("SubmitMediaProducingJob", {
          Timeline: "{}",
          OutputMediaConfig: OSS_OUTPUT,
          ClientToken: "third-party-1",
        })
      ).JobId,
    ).toBe(submitted.JobId);
    // Our client refuses to send a submit without OutputMediaConfig; a third-party one sends it.
    const missing = await thirdPartyFailure(
      pop("SubmitMediaProducingJob", { Timeline: JSON.stringify(TIMELINE) }),
    );
    expect(missing.code).toBe("MissingParameter");
    const openApi = openApiCaller(emulator, "ice");
    const answer = await openApi("GetMediaProducingJob", { JobId: String(submitted.JobId) });
    expect(departures("ice:GetMediaProducingJob", answer)).toEqual([]);
    expect((answer.MediaProducingJob as Record<string, unknown>).JobId).toBe(submitted.JobId);
    expect((await thirdPartyFailure(openApi("GetMediaProducingJob", { JobId: "nope" }))).code).toBe(
      "ResourceNotFound",
    );
  });
});
