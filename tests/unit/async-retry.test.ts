/**
 * The shared in-apply retry of failed asynchronous work: which failure codes count as transient, the
 * code found in a batch's Error text, and the retry loop's bounds (retries, budget, other errors).
 */
import {
  ASYNC_RETRIES,
  codeInErrorText,
  isTransientCode,
  retryTransientFailures,
} from "../../provider/runtime/async-retry";
import { transientBatchFailure } from "../../provider/imm/batch-run";
import { transientJobFailure, type JobOutputs } from "../../provider/ice/storyboard-job";
import type { DataIngestion } from "../../provider/operations/models";

describe("isTransientCode", () => {
  it.each([
    "InternalError",
    "InternalServerError",
    "ServiceUnavailable",
    "ServiceUnAvailable",
    "Throttling",
    "Throttling.User",
    "RequestsTooFrequent",
    "HTTP503",
    "HTTP429",
  ])("%s is transient", (code) => {
    expect(isTransientCode(code)).toBe(true);
    expect(isTransientCode(code, "transient")).toBe(true);
  });

  it.each([
    "InvalidParameter",
    "InvalidArgument",
    "MissingProjectName",
    "ResourceNotFound",
    "InvalidApi.NotFound",
    "ResourceAlreadyExists",
    "AccessDenied",
    "Forbidden.RAM",
    "OperationDenied.Suspended",
    "LimitExceededError",
    "HTTP404",
  ])("%s is not transient, even where unlisted codes count as transient", (code) => {
    expect(isTransientCode(code)).toBe(false);
    expect(isTransientCode(code, "transient")).toBe(false);
  });

  it("treats unlisted codes and a missing code as the caller says (permanent by default)", () => {
    for (const code of ["NoMediaData", "SomethingNew", undefined, ""]) {
      expect(isTransientCode(code)).toBe(false);
      expect(isTransientCode(code, "permanent")).toBe(false);
      expect(isTransientCode(code, "transient")).toBe(true);
    }
  });
});

describe("codeInErrorText", () => {
  it("reads the code of IMM's batch error text, else the status, else nothing", () => {
    expect(codeInErrorText("api returns error: SDKError: StatusCode: 404 Code: ResourceNotFound")).toBe(
      "ResourceNotFound",
    );
    expect(
      codeInErrorText(
        "api returns error: SDKError: StatusCode: 403 Code: AccessDenied: the role cannot read",
      ),
    ).toBe("AccessDenied");
    expect(codeInErrorText("SDKError: StatusCode: 502")).toBe("HTTP502");
    expect(codeInErrorText("something went wrong")).toBeUndefined();
    expect(codeInErrorText("")).toBeUndefined();
    expect(codeInErrorText(undefined)).toBeUndefined();
  });
});

describe("per-resource classification", () => {
  const batch = (state: string, error: string) =>
    ({ State: state, Error: error }) as unknown as DataIngestion;

  it("a batch is retried only for a Failed state with a transient code in its Error", () => {
    expect(transientBatchFailure(batch("Failed", "SDKError: StatusCode: 500 Code: InternalError"))).toBe(
      "InternalError",
    );
    expect(transientBatchFailure(batch("Failed", "SDKError: StatusCode: 503"))).toBe("HTTP503");
    expect(
      transientBatchFailure(batch("Failed", "SDKError: StatusCode: 403 Code: AccessDenied")),
    ).toBeUndefined();
    expect(
      transientBatchFailure(batch("Failed", "SDKError: StatusCode: 404 Code: ResourceNotFound")),
    ).toBeUndefined();
    expect(transientBatchFailure(batch("Failed", ""))).toBeUndefined();
    expect(transientBatchFailure(batch("Running", "SDKError: Code: InternalError"))).toBeUndefined();
  });

  const job = (over: Partial<JobOutputs>): JobOutputs => ({
    jobId: "j1",
    jobStatus: "Succeeded",
    incomplete: false,
    outputUrl: "",
    storyboards: [],
    successfulStoryboardIds: [],
    failedStoryboardIds: [],
    failedShots: [],
    ...over,
  });
  const shot = (errorCode: string) => ({ storyboardId: "st_1", shotId: "1", errorCode });

  it("a storyboard job is retried for generation failures, not for bad input, missing data or permission", () => {
    expect(transientJobFailure(job({}))).toBeUndefined(); // nothing failed
    expect(transientJobFailure(job({ failedShots: [shot("NoMediaData")] }))).toBe("NoMediaData");
    expect(transientJobFailure(job({ jobStatus: "Failed", failedStoryboardIds: ["st_1"] }))).toBe(
      "Failed (no error code)",
    );
    expect(
      transientJobFailure(
        job({ failedShots: [shot("InternalError"), shot("InternalError"), shot("NoMediaData")] }),
      ),
    ).toBe("InternalError, NoMediaData");
    expect(
      transientJobFailure(job({ failedShots: [shot("NoMediaData"), shot("InvalidParameter")] })),
    ).toBeUndefined();
    expect(
      transientJobFailure(job({ jobStatus: "Failed", failedShots: [shot("Forbidden")] })),
    ).toBeUndefined();
  });
});

describe("retryTransientFailures", () => {
  class WorkFailed extends Error {
    constructor(readonly code: string) {
      super(`work failed with ${code}`);
    }
  }
  const transientCode = (error: unknown) =>
    error instanceof WorkFailed && isTransientCode(error.code) ? error.code : undefined;

  /** Work that fails with the given codes, one per run, then succeeds. */
  function work(codes: string[]) {
    const attempts: number[] = [];
    return {
      attempts,
      run: async (attempt: number) => {
        attempts.push(attempt);
        const code = codes[attempts.length - 1];
        if (code !== undefined) throw new WorkFailed(code);
        return `done after ${attempts.length}`;
      },
    };
  }

  const base = { what: "job J", redo: "resuming it", transientCode, remainingMs: () => 60_000 };

  it("returns the first run's result without a retry", async () => {
    const w = work([]);
    const logs: string[] = [];
    await expect(retryTransientFailures({ ...base, run: w.run, log: (m) => logs.push(m) })).resolves.toBe(
      "done after 1",
    );
    expect(w.attempts).toEqual([1]);
    expect(logs).toEqual([]);
  });

  it("redoes the work after a transient failure, logging the code and the attempt", async () => {
    const w = work(["InternalError", "ServiceUnavailable"]);
    const logs: string[] = [];
    await expect(retryTransientFailures({ ...base, run: w.run, log: (m) => logs.push(m) })).resolves.toBe(
      "done after 3",
    );
    expect(w.attempts).toEqual([1, 2, 3]);
    expect(logs).toEqual([
      "job J failed with InternalError, a transient cause: resuming it (attempt 2 of 3)",
      "job J failed with ServiceUnavailable, a transient cause: resuming it (attempt 3 of 3)",
    ]);
  });

  it(`stops after ${ASYNC_RETRIES} retries and throws the last failure as it was`, async () => {
    const w = work(["InternalError", "InternalError", "InternalError", "InternalError"]);
    const logs: string[] = [];
    const thrown = await retryTransientFailures({ ...base, run: w.run, log: (m) => logs.push(m) }).catch(
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(WorkFailed);
    expect(w.attempts).toEqual([1, 2, 3]);
    expect(w.attempts).toHaveLength(ASYNC_RETRIES + 1);
    expect(logs).toHaveLength(ASYNC_RETRIES);
  });

  it("honours a smaller bound", async () => {
    const w = work(["InternalError", "InternalError"]);
    await expect(retryTransientFailures({ ...base, retries: 1, run: w.run, log: () => {} })).rejects.toThrow(
      /InternalError/,
    );
    expect(w.attempts).toEqual([1, 2]);
  });

  it("never retries a failure with a non-transient cause, nor any other error", async () => {
    for (const code of ["AccessDenied", "ResourceNotFound", "InvalidParameter"]) {
      const w = work([code]);
      await expect(retryTransientFailures({ ...base, run: w.run, log: () => {} })).rejects.toThrow(code);
      expect(w.attempts).toEqual([1]);
    }
    let runs = 0;
    const other = retryTransientFailures({
      ...base,
      run: async () => {
        runs++;
        throw new TypeError("a bug");
      },
      log: () => {},
    });
    await expect(other).rejects.toBeInstanceOf(TypeError);
    expect(runs).toBe(1);
  });

  it("does not retry once the wait budget is spent", async () => {
    const w = work(["InternalError", "InternalError"]);
    let left = 1;
    const run = async (attempt: number) => {
      left = 0; // the first run used up the budget
      return w.run(attempt);
    };
    await expect(
      retryTransientFailures({ ...base, run, remainingMs: () => left, log: () => {} }),
    ).rejects.toThrow(/InternalError/);
    expect(w.attempts).toEqual([1]);
  });
});
