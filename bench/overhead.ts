/**
 * Overhead: the provider's own time per check, diff and create, apart from API time.
 *
 * The built provider (dist/provider, the code the host runs) is called in this process through its
 * `dispatch` entry, one call at a time, against an emulator whose asynchronous work takes no time
 * (so no create sleeps). Every HTTP exchange is timed through Node's HTTP client diagnostics
 * channels; the provider's own time is the call's wall time minus the time its requests were in
 * flight. The same check and diff are also timed through the real host over gRPC, which adds the
 * engine protocol (Struct conversion, the host loading `__provider`) to what a user waits for.
 */
import diagnostics from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";
import { apisFor } from "./api";
import { loadProvider, median, startStack } from "./env";
import { imm } from "../provider/operations";
import { captureRegistrations } from "../tests/harness/registrations";
import { loadSdk } from "./env";
import { sdkClass, RESOURCE_KINDS } from "./mix";

const P = "bench-overhead";

/** Inputs of sample `i` of each type, with explicit names (the parents exist beforehand). */
const INPUTS: Record<string, (i: number) => Record<string, unknown>> = {
  "imm:Project": (i) => ({
    projectName: `ovh-project-${i}`,
    description: "overhead",
    tags: { team: "media" },
  }),
  "imm:Dataset": (i) => ({ projectName: P, datasetName: `ovh-dataset-${i}`, description: "overhead" }),
  "imm:Binding": (i) => ({ projectName: P, datasetName: `parent-${i}`, uri: `oss://ovh-bucket-${i}` }),
  "imm:Story": (i) => ({
    projectName: P,
    datasetName: `parent-${i}`,
    storyType: "TimeMemory",
    objectId: `ovh-story-${i}`,
  }),
  "imm:Batch": (i) => ({
    projectName: P,
    input: { oss: { bucket: `ovh-docs-${i}` } },
    actions: [{ name: "doc/convert", parameters: ["target=pdf"] }],
  }),
  "ice:EditingProject": (i) => ({ title: `ovh-edit-${i}`, description: "overhead" }),
  "ice:StoryboardJob": (i) => ({
    fileUrl: `https://bench.oss-cn-shanghai.aliyuncs.com/novels/ovh-${i}.txt`,
    title: `ovh-${i}`,
  }),
};

export interface OverheadRow {
  type: string;
  samples: number;
  checkMs: number;
  diffMs: number;
  createOwnMs: number;
  createApiMs: number;
  createCalls: number;
  hostCheckMs: number;
  hostDiffMs: number;
}

/** Wall time of HTTP requests in flight (union of intervals), measured around `fn`. */
class HttpClock {
  private open = new Map<ClientRequest, number>();
  private busySince: number | undefined;
  busy = 0;
  calls = 0;
  private readonly onStart = (m: unknown) => {
    const { request } = m as { request: ClientRequest };
    if (this.open.size === 0) this.busySince = performance.now();
    this.open.set(request, performance.now());
    this.calls++;
  };
  private readonly onEnd = (m: unknown) => {
    const { request } = m as { request: ClientRequest };
    if (!this.open.delete(request)) return;
    if (this.open.size === 0 && this.busySince !== undefined) this.busy += performance.now() - this.busySince;
  };
  constructor() {
    diagnostics.subscribe("http.client.request.start", this.onStart);
    diagnostics.subscribe("http.client.response.finish", this.onEnd);
    diagnostics.subscribe("http.client.request.error", this.onEnd);
  }
  reset(): void {
    this.busy = 0;
    this.calls = 0;
  }
  close(): void {
    diagnostics.unsubscribe("http.client.request.start", this.onStart);
    diagnostics.unsubscribe("http.client.response.finish", this.onEnd);
    diagnostics.unsubscribe("http.client.request.error", this.onEnd);
  }
}

export async function runOverhead(samples = 20): Promise<OverheadRow[]> {
  const provider = loadProvider();
  const types = provider.resourceTypes().filter((t) => INPUTS[t]);
  const stack = await startStack({
    emulator: { timings: { bindingScanMs: 0, indexMs: 0, storyTaskMs: 0, batchMs: 0, yikeJobMs: 0 } },
  });
  const clock = new HttpClock();
  // Without an engine, pulumi.log prints to stdout; keep the benchmark's output readable.
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
    String(chunk).startsWith("info: [runtime]")
      ? true
      : write(chunk, ...rest)) as typeof process.stdout.write;
  try {
    const api = apisFor(stack.emulator);
    await api.imm.call(imm.CreateProject, { ProjectName: P });
    for (let i = 0; i < samples; i++)
      await api.imm.call(imm.CreateDataset, { ProjectName: P, DatasetName: `parent-${i}` });
    provider.configure({ config: { get: (key: string) => stack.config[key] } });
    // The limiter's spacing between calls is waiting, not work: lift it for this measure.
    provider.runtime.configureRateLimit({ queriesPerSecond: 1_000_000 });
    await stack.host.configure(stack.config);
    const dispatch = provider.dispatch as (type: string, method: string, args: unknown[]) => Promise<unknown>;
    const sdk = loadSdk();
    const rows: OverheadRow[] = [];
    for (const type of types) {
      const check: number[] = [];
      const diff: number[] = [];
      const own: number[] = [];
      const apiMs: number[] = [];
      const calls: number[] = [];
      const hostCheck: number[] = [];
      const hostDiff: number[] = [];
      // A registration of this type, for the host's `__provider`.
      const kind = RESOURCE_KINDS.find((k) => k.type === type)!;
      const [reg] = await captureRegistrations(
        () => void new (sdkClass(sdk, kind.module, kind.className)!)("probe", INPUTS[type]!(samples)),
        { project: "bench", stack: "bench" },
      );
      for (let i = 0; i < samples; i++) {
        // As the program-side class sends it: the logical name seeds auto-naming and client tokens.
        const news = { ...INPUTS[type]!(i), __logicalName: `ovh-${i}` };
        let t = performance.now();
        const checked = (await dispatch(type, "check", [{}, news])) as { inputs: Record<string, unknown> };
        check.push(performance.now() - t);
        clock.reset();
        t = performance.now();
        const created = (await dispatch(type, "create", [checked.inputs])) as {
          id: string;
          outs: Record<string, unknown>;
        };
        const wall = performance.now() - t;
        own.push(wall - clock.busy);
        apiMs.push(clock.busy);
        calls.push(clock.calls);
        t = performance.now();
        await dispatch(type, "diff", [created.id, created.outs, checked.inputs]);
        diff.push(performance.now() - t);
        // The same through the host (gRPC, Struct, __provider): check and diff make no API call.
        const urn = `urn:pulumi:bench::bench::${reg!.type}::ovh-${i}`;
        const hostInputs = { ...news, __provider: reg!.inputs.__provider };
        t = performance.now();
        const hostChecked = await stack.host.check(urn, {}, hostInputs);
        hostCheck.push(performance.now() - t);
        t = performance.now();
        await stack.host.diff(
          created.id,
          urn,
          { ...created.outs, __provider: hostInputs.__provider },
          hostChecked.inputs,
        );
        hostDiff.push(performance.now() - t);
      }
      rows.push({
        type,
        samples,
        checkMs: median(check),
        diffMs: median(diff),
        createOwnMs: median(own),
        createApiMs: median(apiMs),
        createCalls: median(calls),
        hostCheckMs: median(hostCheck),
        hostDiffMs: median(hostDiff),
      });
    }
    return rows;
  } finally {
    process.stdout.write = write;
    provider.runtime.configureRateLimit(provider.runtime.DEFAULT_RATE_LIMIT);
    clock.close();
    await stack.close();
  }
}
