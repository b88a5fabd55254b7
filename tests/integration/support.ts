/**
 * Shared by the takeover and partial-state integration tests: an emulator, IMM and ICE clients over
 * the real openapi-client with a fast retry policy (so a fault on every attempt ends in seconds), a
 * log, lifecycles, and "a fresh `pulumi up`" (check with no olds, then create).
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceContext, ResourceSpec } from "../../provider/framework/spec";
import { ApiClient, createOpenApi } from "../../provider/runtime";

export const FAST_RETRY = { maxAttempts: 4, initialDelayMs: 5, maxDelayMs: 20, maxElapsedMs: 10_000 };

export interface Harness {
  emulator: RunningEmulator;
  logs: string[];
  lifecycle(spec: unknown): ResourceLifecycle;
  /** The clients, for calls made outside any stack. */
  clients(): ResourceContext["clients"];
  /** Runs before each retry of a call (reset before each test): switches faults between attempts. */
  beforeRetry: (action: string) => void;
}

/** Starts an emulator for the file (closed after all its tests); `logs` is cleared before each test. */
export function useHarness(timings: NonNullable<Parameters<typeof startEmulator>[0]>["timings"]): Harness {
  const harness = { logs: [] as string[] } as Harness;
  let imm: ApiClient;
  let ice: ApiClient;
  const context = (): ResourceContext => ({
    clients: { imm, ice },
    log: { info: (m) => harness.logs.push(m), warn: (m) => harness.logs.push(`WARN ${m}`) },
  });
  harness.lifecycle = (spec) => new ResourceLifecycle(spec as ResourceSpec, context);
  harness.clients = () => ({ imm, ice });
  beforeAll(async () => {
    harness.emulator = await startEmulator({ port: 0, timings });
    const url = new URL(harness.emulator.url);
    const make = (product: "imm" | "ice") =>
      new ApiClient(
        createOpenApi(
          { host: url.host, protocol: "http" },
          { accessKeyId: "emulator-access-key-id", accessKeySecret: "emulator-access-key-secret" },
        ),
        product,
        { retry: FAST_RETRY, onRetry: (action) => harness.beforeRetry(action) },
      );
    imm = make("imm");
    ice = make("ice");
  });
  afterAll(() => harness.emulator?.close());
  beforeEach(() => {
    harness.emulator.reset();
    harness.logs.length = 0;
    harness.beforeRetry = () => {};
  });
  return harness;
}

/** The identity the SDK would send for a resource of this type and name in stack `dev` of `org`. */
export function identity(type: string, name: string, org = "acme", stack = "dev"): Record<string, unknown> {
  return {
    __logicalName: name,
    __identity: `${org}::urn:pulumi:${stack}::media::pulumi-nodejs:dynamic/alicloud-media/${type}::${name}`,
  };
}

/** A fresh `pulumi up` of a new resource: check with no olds, then create. */
export async function up(lifecycle: ResourceLifecycle, news: Record<string, unknown>) {
  const { inputs, failures } = await lifecycle.check({}, news);
  expect(failures).toEqual([]);
  return { inputs, created: await lifecycle.create(inputs) };
}

/** What create threw (it must throw). */
export async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const thrown = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(thrown).toBeDefined();
  return thrown as Error & Record<string, unknown>;
}

/** The engine's partial-state error, as the lifecycle throws it. */
export interface PartialState {
  message: string;
  id: string;
  properties: Record<string, unknown>;
}

export async function partial(promise: Promise<unknown>): Promise<PartialState> {
  const thrown: unknown = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(thrown).toMatchObject({
    message: expect.any(String),
    id: expect.any(String),
    properties: expect.any(Object),
  });
  return thrown as PartialState;
}
