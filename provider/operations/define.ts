/**
 * The vocabulary of the typed operation table: where each API parameter travels (query or form body)
 * and how its value is written on the wire. It mirrors what the official generated SDKs do
 * (`OpenApiUtil.query` and `arrayToStringWithSpecifiedStyle(…, 'json')`): scalars become strings, complex values are
 * JSON-encoded ("shrunk") under the same wire name, nothing is flattened.
 */
import type { z } from "zod";

export type Product = "imm" | "ice";

export const API_VERSIONS: Readonly<Record<Product, string>> = {
  imm: "2020-09-30",
  ice: "2020-11-09",
};

export type Placement = "query" | "body";

/**
 * - `string`: sent as is.
 * - `integer`: a JS number (must be a safe integer) or a decimal string, for int64 quotas above 2^53.
 * - `boolean`: `"true"` / `"false"`.
 * - `json`: an object or array, sent as one JSON string (the SDK's `xxxShrink`).
 */
export type WireEncoding = "string" | "integer" | "boolean" | "json";

/**
 * How an operation behaves when the outcome of a call is unknown (the connection dropped after the
 * request was sent). The retry policy reads this: only `idempotent` operations are retried after an
 * ambiguous failure; the others are retried only when the server provably did not act (throttled,
 * or the connection was never established), and the resource layer recovers by looking the object up.
 */
export type Idempotency =
  /** Reads, deletes, updates that set absolute values, and creates keyed by a client-chosen ID
   * (CreateStory with ObjectId rewrites the same story). Safe to repeat. */
  | "idempotent"
  /** Creates keyed by a user-chosen name: a repeat fails with ResourceAlreadyExists, which callers
   * resolve by reading the object back. Safe to repeat, with that caveat. */
  | "name-keyed"
  /** Creates that mint a server-side ID (CreateBatch, CreateEditingProject, SubmitYikeStoryboardJob):
   * a blind repeat could create a second object. */
  | "not-idempotent";

// The phantom `value` type carries the TypeScript type of the parameter; it never exists at run time.
export interface ParamSpec<T = unknown, Required extends boolean = boolean> {
  readonly in: Placement;
  readonly encoding: WireEncoding;
  readonly required: Required;
  readonly value?: T;
}

export type ParamTable = Record<string, ParamSpec>;

type RequiredKeys<S extends ParamTable> = {
  [K in keyof S]: S[K] extends ParamSpec<unknown, true> ? K : never;
}[keyof S];
type OptionalKeys<S extends ParamTable> = Exclude<keyof S, RequiredKeys<S>>;
type ValueOf<P> = P extends ParamSpec<infer T, boolean> ? T : never;

/** The request type of an operation, derived from its table: required wire names are required keys. */
export type ParamsOf<S extends ParamTable> = { [K in RequiredKeys<S>]: ValueOf<S[K]> } & {
  [K in OptionalKeys<S>]?: ValueOf<S[K]>;
};

function builder<T>(placement: Placement, encoding: WireEncoding) {
  return {
    required: (): ParamSpec<T, true> => ({ in: placement, encoding, required: true }),
    optional: (): ParamSpec<T, false> => ({ in: placement, encoding, required: false }),
  };
}

/** Large IMM quotas (up to 9e16) exceed 2^53, so integers may also be given as decimal strings. */
export type IntegerValue = number | string;

function placementBuilders(placement: Placement) {
  return {
    string: builder<string>(placement, "string"),
    integer: builder<IntegerValue>(placement, "integer"),
    boolean: builder<boolean>(placement, "boolean"),
    json: <T>() => builder<T>(placement, "json"),
  };
}

/** Parameters sent in the URL query string. */
export const query = placementBuilders("query");
/** Parameters sent in the application/x-www-form-urlencoded body. */
export const body = placementBuilders("body");

export interface Operation<S extends ParamTable = ParamTable, R extends z.ZodType = z.ZodType> {
  readonly product: Product;
  readonly action: string;
  readonly version: string;
  readonly idempotency: Idempotency;
  readonly params: S;
  readonly response: R;
  /** The HTTP method the SDK uses: POST, or GET for the few ICE operations it sends so (DeleteTemplate). */
  readonly method?: "POST" | "GET";
}

export function defineOperation<S extends ParamTable, R extends z.ZodType>(
  product: Product,
  action: string,
  idempotency: Idempotency,
  params: S,
  response: R,
  method: "POST" | "GET" = "POST",
): Operation<S, R> {
  return { product, action, version: API_VERSIONS[product], idempotency, params, response, method };
}

export type RequestOf<O> = O extends Operation<infer S, z.ZodType> ? ParamsOf<S> : never;
export type ResponseOf<O> = O extends Operation<ParamTable, infer R> ? z.infer<R> : never;
