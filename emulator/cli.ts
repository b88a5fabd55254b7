#!/usr/bin/env node
/**
 * `alicloud-media-emulator`: starts the emulator from the command line. The first stdout line is
 * `alicloud-media-emulator listening on http://127.0.0.1:<port>` (scripts wait for it).
 */
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  startEmulator,
  type Faults,
  type Timings,
} from "./index";

/** Environment variables read at start; flags win over them. */
const SECRET_ENV = "ALICLOUD_MEDIA_EMULATOR_ACCESS_KEY_SECRET";
const ADMIN_TOKEN_ENV = "ALICLOUD_MEDIA_EMULATOR_ADMIN_TOKEN";

const USAGE = `Usage: alicloud-media-emulator [options]
  --port <n>                 port to listen on (0, the default, picks a free one)
  --host <addr>              address to bind (default 127.0.0.1)
  --access-key-id <id>       accepted AccessKeyId (default ${DEFAULT_ACCESS_KEY_ID})
  --access-key-secret <s>    its secret (default ${DEFAULT_ACCESS_KEY_SECRET}); prefer the environment
                             variable ${SECRET_ENV}, which \`ps\` does not show
  --admin-token <t>          require Authorization: Bearer <t> on /__emulator/* (or ${ADMIN_TOKEN_ENV});
                             mandatory when --host is not a loopback address
  --security-token <t>       require this STS token
  --state-file <path>        persist state to this file and reload it on start
  --not-found-status <n>     HTTP status of IMM ResourceNotFound: 404 (default) or 400
  --project-qps <n|off>      override every project's ProjectQueriesPerSecond, or turn it off
  --binding-scan-ms <n>      --index-ms <n>  --story-task-ms <n>  --batch-ms <n>  --yike-job-ms <n>
  --media-producing-job-ms <n>  --template-process-ms <n>  --trigger-start-ms <n>
  --throttle-rate <0..1>     --server-error-rate <0..1>  --lost-response-rate <0..1>
  --task-failure-rate <0..1> --latency-ms <n>  --fault-actions <A,B,...>
`;

function fail(message: string): never {
  process.stderr.write(`alicloud-media-emulator: ${message}\n\n${USAGE}`);
  process.exit(2);
}

/** A problem that is not a wrong flag (state file, port in use): said plainly, without the usage. */
function die(message: string, code: number): never {
  process.stderr.write(`alicloud-media-emulator: ${message}\n`);
  process.exit(code);
}

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed)) fail(`--${name} must be a number (got "${value}")`);
  return parsed;
}

function port(value: string | undefined): number {
  const parsed = number("port", value) ?? 0;
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535)
    fail(`--port must be an integer from 0 to 65535 (got "${value}")`);
  return parsed;
}

/** Names the flag's setting and the rule, e.g. `throttleRate: Too big: expected number to be <=1`. */
function describe(error: unknown): string {
  if (error instanceof ZodError)
    return error.issues.map((i) => `${i.path.join(".") || "(value)"}: ${i.message}`).join("; ");
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  const string = { type: "string" } as const;
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: string,
        host: string,
        "access-key-id": string,
        "access-key-secret": string,
        "security-token": string,
        "admin-token": string,
        "state-file": string,
        "not-found-status": string,
        "project-qps": string,
        "binding-scan-ms": string,
        "index-ms": string,
        "story-task-ms": string,
        "batch-ms": string,
        "yike-job-ms": string,
        "media-producing-job-ms": string,
        "template-process-ms": string,
        "trigger-start-ms": string,
        "throttle-rate": string,
        "server-error-rate": string,
        "lost-response-rate": string,
        "task-failure-rate": string,
        "latency-ms": string,
        "fault-actions": string,
        help: { type: "boolean" },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const flagNumbers = <K extends string>(flags: Record<string, K>): Partial<Record<K, number>> => {
    const out: Partial<Record<K, number>> = {};
    for (const [flag, key] of Object.entries(flags)) {
      const value = number(flag, values[flag as keyof typeof values] as string | undefined);
      if (value !== undefined) out[key] = value;
    }
    return out;
  };
  const timings: Partial<Timings> = flagNumbers({
    "binding-scan-ms": "bindingScanMs",
    "index-ms": "indexMs",
    "story-task-ms": "storyTaskMs",
    "batch-ms": "batchMs",
    "yike-job-ms": "yikeJobMs",
    "media-producing-job-ms": "mediaProducingJobMs",
    "template-process-ms": "templateProcessMs",
    "trigger-start-ms": "triggerStartMs",
  } as const);
  const faults: Faults = flagNumbers({
    "throttle-rate": "throttleRate",
    "server-error-rate": "serverErrorRate",
    "lost-response-rate": "lostResponseRate",
    "task-failure-rate": "taskFailureRate",
    "latency-ms": "latencyMs",
  } as const);
  if (values["fault-actions"]) faults.actions = values["fault-actions"].split(",").filter(Boolean);
  const notFound = number("not-found-status", values["not-found-status"]);
  if (notFound !== undefined && notFound !== 400 && notFound !== 404)
    fail("--not-found-status must be 400 or 404");
  const qps = values["project-qps"];
  const secret = values["access-key-secret"] || process.env[SECRET_ENV];
  const adminToken = values["admin-token"] || process.env[ADMIN_TOKEN_ENV];
  const portNumber = port(values.port);

  const emulator = await startEmulator({
    port: portNumber,
    ...(values.host ? { host: values.host } : {}),
    ...(values["access-key-id"] ? { accessKeyId: values["access-key-id"] } : {}),
    ...(secret ? { accessKeySecret: secret } : {}),
    ...(adminToken ? { adminToken } : {}),
    ...(values["security-token"] ? { securityToken: values["security-token"] } : {}),
    ...(values["state-file"] ? { stateFile: values["state-file"] } : {}),
    ...(notFound ? { notFoundStatus: notFound as 400 | 404 } : {}),
    ...(qps === undefined
      ? {}
      : { projectQps: qps === "off" ? false : (number("project-qps", qps) as number) }),
    timings,
    faults,
  }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      die(
        `port ${portNumber} is already in use on ${values.host ?? "127.0.0.1"}; choose another with --port (0 picks a free one)`,
        1,
      );
    }
    if (error instanceof ZodError) fail(describe(error));
    return die(describe(error), 2);
  });
  process.stdout.write(`alicloud-media-emulator listening on ${emulator.url}\n`);
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
