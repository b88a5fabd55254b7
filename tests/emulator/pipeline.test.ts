/**
 * The request pipeline's stages, over raw signed HTTP against the real server: every failure, from
 * whichever stage, is answered once in the POP error shape with the product the version names, and
 * counted once. A test service (a product definition like emulator/imm's) supplies handlers that
 * fail on purpose, which the real products never do.
 */
import { EmulatorServer } from "../../emulator/server";
import { ApiError } from "../../emulator/core/errors";
import type { ServiceDefinition } from "../../emulator/core/service";
import { DEFAULT_TIMINGS } from "../../emulator/core/timings";
import { KEY_ID, KEY_SECRET, expectErrorBody, send, signAcs3, signRpc } from "./support";

const TEST_VERSION = "2099-01-01";

const testService: ServiceDefinition = {
  product: "ice",
  version: TEST_VERSION,
  handlers: {
    Crash: () => {
      throw new TypeError("a bug in a handler");
    },
    /** Writes, then refuses: what it wrote stays, as for any other request. */
    WriteThenRefuse: (ctx) => {
      ctx.store.table("test.rows").set("written", { at: ctx.now });
      throw new ApiError(400, "InvalidParameter", "refused after writing");
    },
    Echo: (ctx) => ({ Value: ctx.params.raw("Value") ?? "" }),
  },
};

let server: EmulatorServer;
let port: number;
let host: string;

beforeAll(async () => {
  server = new EmulatorServer({
    host: "127.0.0.1",
    port: 0,
    credentials: [{ accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET }],
    timings: DEFAULT_TIMINGS,
    faults: {},
    notFoundStatus: 404,
    services: [testService],
  });
  port = await server.listen();
  host = `127.0.0.1:${port}`;
});
afterAll(() => server?.close());
beforeEach(() => server.reset());

const call = (action: string, query: Record<string, string> = {}) =>
  send({ port }, signAcs3({ host, action, version: TEST_VERSION, query }));

describe("the request pipeline", () => {
  it("answers a crashing handler with 500 InternalError in the error shape, and keeps serving", async () => {
    const errors = jest.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await call("Crash");
      expectErrorBody(response, 500, "InternalError");
      expect(response.json.Recommend).toContain("product=ICE");
      expect(response.headers["x-acs-request-id"]).toBe(response.json.RequestId);
      expect(errors).toHaveBeenCalledWith("alicloud-media-emulator: Crash crashed", expect.any(TypeError));
    } finally {
      errors.mockRestore();
    }
    const echo = await call("Echo", { Value: "still here" });
    expect({ status: echo.status, value: echo.json.Value }).toEqual({ status: 200, value: "still here" });
    expect(server.getStats()).toMatchObject({
      requests: { Crash: 1, Echo: 1 },
      errors: { InternalError: 1 },
    });
  });

  it("keeps what a handler wrote before it refused, and answers its error", async () => {
    const response = await call("WriteThenRefuse");
    expectErrorBody(response, 400, "InvalidParameter");
    expect(response.json.Message).toBe("refused after writing");
    expect(server.resources()["test.rows"]).toEqual({ written: { at: expect.any(Number) } });
  });

  it("answers a request without an action with MissingAction, after authenticating it", async () => {
    const response = await send({ port }, signRpc({ host, action: "", version: TEST_VERSION }));
    expectErrorBody(response, 400, "MissingAction");
    expect(server.getStats()).toMatchObject({ requests: {}, errors: { MissingAction: 1 } });
  });

  it("names the product of the version in Recommend, and IMM when the version is unknown", async () => {
    const unknownAction = await call("Nothing");
    expectErrorBody(unknownAction, 404, "InvalidApi.NotFound");
    expect(unknownAction.json.Recommend).toContain("product=ICE");
    const unknownVersion = await send({ port }, signAcs3({ host, action: "Echo", version: "1999-01-01" }));
    expectErrorBody(unknownVersion, 400, "InvalidVersion");
    expect(unknownVersion.json.Recommend).toContain("product=IMM");
  });

  it("counts a bad signature as a rejected signature and an error, not as a request", async () => {
    const response = await send(
      { port },
      signAcs3({ host, action: "Echo", version: TEST_VERSION, accessKeySecret: "wrong" }),
    );
    expectErrorBody(response, 400, "SignatureDoesNotMatch");
    expect(server.getStats()).toMatchObject({
      requests: {},
      errors: { SignatureDoesNotMatch: 1 },
      rejectedSignatures: 1,
    });
  });
});
