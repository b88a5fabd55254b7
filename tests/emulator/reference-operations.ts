/**
 * The operations of the coming resources, built from the recorded wire facts
 * (tests/fixtures/wire-reference.json) so the project's client sends each parameter where the official
 * SDK does, and the documented response models (tests/fixtures/wire-responses.json) every answer is
 * checked against: no field the model lacks, each of the model's type, status-like fields within
 * their documented values. Also the two third-party clients, for calls made the way they make them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import OpenApi, * as $OpenApi from "@alicloud/openapi-client";
import * as $Util from "@alicloud/tea-util";
import RPCClient = require("@alicloud/pop-core");
import { z } from "zod";
import type { RunningEmulator } from "../../emulator";
import { API_VERSIONS, type Idempotency, type Operation, type ParamSpec } from "../../provider/operations";
import { loadReferenceOperations } from "../support/reference";
import { KEY_ID, KEY_SECRET } from "./support";

const reference = loadReferenceOperations();

type Answer = Record<string, unknown>;
export type ReferenceOperation = Operation<Record<string, ParamSpec>, z.ZodType<Answer>>;

const answerSchema: z.ZodType<Answer> = z.looseObject({ RequestId: z.string() });

/** The operation `product:Action` exactly as the recorded wire facts place and encode it. */
export function referenceOperation(key: string, idempotency: Idempotency = "idempotent"): ReferenceOperation {
  const fact = reference.get(key);
  if (!fact) throw new Error(`${key} is not in the wire reference`);
  const params: Record<string, ParamSpec> = {};
  for (const [name, param] of fact.params) {
    params[name] = { in: param.placement, encoding: param.encoding, required: param.required };
  }
  return {
    product: fact.product,
    action: fact.action,
    version: fact.version,
    idempotency,
    params,
    response: answerSchema,
  };
}

const responseFacts = z.record(
  z.string(),
  z.union([
    z.string(),
    z.strictObject({
      fields: z.record(z.string(), z.string()),
      values: z.record(z.string(), z.array(z.union([z.string(), z.number()]))).optional(),
    }),
  ]),
);
const responses = responseFacts.parse(
  JSON.parse(readFileSync(path.resolve(__dirname, "../fixtures/wire-responses.json"), "utf8")),
);

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  return typeof value;
}

/** Where an answer departs from its documented model: `path: problem`, none when it conforms. */
export function departures(key: string, answer: unknown): string[] {
  const fact = responses[key];
  if (fact === undefined || typeof fact === "string")
    throw new Error(`${key} has no recorded response model`);
  const found: string[] = [];
  const visit = (value: unknown, at: string) => {
    const documented = fact.fields[at];
    if (documented === undefined) {
      found.push(`${at}: not in the response model`);
      return;
    }
    const actual = typeOf(value);
    const fits =
      documented === actual ||
      (documented === "map" && actual === "object") ||
      (documented.endsWith("[]") && actual === "array");
    if (!fits) found.push(`${at}: ${actual} where the model has ${documented}`);
    const allowed = fact.values?.[at];
    if (allowed && !allowed.includes(value as string | number))
      found.push(`${at}: ${String(value)} is not a documented value`);
    const hasChildren = Object.keys(fact.fields).some(
      (name) => name.startsWith(`${at}.`) || name.startsWith(`${at}[].`),
    );
    if (!hasChildren) return;
    const children = (item: unknown, prefix: string) => {
      if (typeof item !== "object" || item === null || Array.isArray(item)) return;
      for (const [name, child] of Object.entries(item)) visit(child, `${prefix}.${name}`);
    };
    if (Array.isArray(value)) value.forEach((item) => children(item, `${at}[]`));
    else children(value, at);
  };
  for (const [name, value] of Object.entries(answer as Answer)) visit(value, name);
  return found;
}

/** A call of the way a third-party client makes it: every parameter a string, in query or form body. */
export type ThirdPartyCall = (action: string, params: Record<string, string>) => Promise<Answer>;

export interface ThirdPartyFailure {
  code?: string;
}

/** @alicloud/openapi-client used directly (ACS3-HMAC-SHA256), as the generated SDKs use it. */
export function openApiCaller(
  emulator: Pick<RunningEmulator, "url">,
  product: "imm" | "ice",
): ThirdPartyCall {
  const client = new OpenApi(
    new $OpenApi.Config({
      accessKeyId: KEY_ID,
      accessKeySecret: KEY_SECRET,
      endpoint: new URL(emulator.url).host,
      protocol: "http",
    }),
  );
  return async (action, params) => {
    const fact = reference.get(`${product}:${action}`);
    const query: Record<string, string> = {};
    const form: Record<string, string> = {};
    for (const [name, value] of Object.entries(params)) {
      (fact?.params.get(name)?.placement === "body" ? form : query)[name] = value;
    }
    const request = new $OpenApi.OpenApiRequest({ query, body: form });
    const apiParams = new $OpenApi.Params({
      action,
      version: API_VERSIONS[product],
      protocol: "HTTPS",
      pathname: "/",
      method: "POST",
      authType: "AK",
      style: "RPC",
      reqBodyType: "formData",
      bodyType: "json",
    });
    try {
      return (await client.callApi(apiParams, request, new $Util.RuntimeOptions({}))).body as Answer;
    } catch (error) {
      throw { code: (error as { code?: string }).code } satisfies ThirdPartyFailure;
    }
  };
}

/** @alicloud/pop-core: legacy RPC HMAC-SHA1, everything in the query (GET) or the form body (POST). */
export function popCoreCaller(
  emulator: Pick<RunningEmulator, "url">,
  product: "imm" | "ice",
  method: "GET" | "POST",
): ThirdPartyCall {
  const client = new RPCClient({
    accessKeyId: KEY_ID,
    accessKeySecret: KEY_SECRET,
    endpoint: emulator.url,
    apiVersion: API_VERSIONS[product],
  });
  return async (action, params) => {
    try {
      return (await client.request(action, params, { method, timeout: 10_000 })) as Answer;
    } catch (error) {
      throw { code: (error as { code?: string }).code } satisfies ThirdPartyFailure;
    }
  };
}

/** The failure a third-party call ended in; fails the test when it succeeded. */
export async function thirdPartyFailure(promise: Promise<unknown>): Promise<ThirdPartyFailure> {
  try {
    await promise;
  } catch (error) {
    return error as ThirdPartyFailure;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
