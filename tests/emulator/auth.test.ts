/**
 * Request authentication, routing and the error shape, over raw HTTP: for each algorithm (ACS3-HMAC-
 * SHA256, legacy RPC HMAC-SHA1) an untouched signed request is accepted, and each single change a
 * client could not make without the secret is rejected with the documented code and JSON body.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { imm } from "../../provider/operations";
import {
  KEY_ID,
  expectErrorBody,
  immClient,
  rejection,
  send,
  signAcs3,
  signRpc,
  type RawRequest,
  type SignInput,
} from "./support";

let emulator: RunningEmulator;
let host: string;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    extraCredentials: [
      { accessKeyId: "sts-key-id", accessKeySecret: "sts-secret", securityToken: "sts-token-1" },
    ],
  });
  host = new URL(emulator.url).host;
  await immClient(emulator).call(imm.CreateProject, { ProjectName: "auth-project" });
});
afterAll(() => emulator?.close());

const MINUTE = 60_000;
const signers = {
  "ACS3-HMAC-SHA256": (input: Omit<SignInput, "host">) => signAcs3({ host, ...input }),
  "RPC HMAC-SHA1": (input: Omit<SignInput, "host">) => signRpc({ host, ...input }),
} as const;

const getProject = { action: "GetProject", query: { ProjectName: "auth-project" } };
const updateProject = {
  action: "UpdateProject",
  query: { ProjectName: "auth-project" },
  body: { Description: 'signed body: spaces, +, !\'()* and {"json":1}' },
};

describe.each(Object.entries(signers))("%s", (_name, sign) => {
  it("accepts an untouched request, with parameters in the query and in the form body", async () => {
    const read = await send(emulator, sign(getProject));
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      RequestId: expect.any(String),
      Project: { ProjectName: "auth-project" },
    });
    expect(read.headers["x-acs-request-id"]).toBe(read.json.RequestId);
    expect(read.headers["content-type"]).toMatch(/^application\/json/);

    const write = await send(emulator, sign(updateProject));
    expect(write.status).toBe(200);
    expect(write.json).toMatchObject({ Project: { Description: updateProject.body.Description } });
  });

  it("accepts a date 14 minutes off in either direction", async () => {
    for (const offset of [-14 * MINUTE, 14 * MINUTE]) {
      expect((await send(emulator, sign({ ...getProject, at: Date.now() + offset }))).status).toBe(200);
    }
  });

  it("rejects an unknown access key id", async () => {
    const response = await send(emulator, sign({ ...getProject, accessKeyId: "no-such-key" }));
    expectErrorBody(response, 404, "InvalidAccessKeyId.NotFound");
  });

  it("rejects a wrong secret", async () => {
    const response = await send(emulator, sign({ ...getProject, accessKeySecret: "not-the-secret" }));
    expectErrorBody(response, 400, "SignatureDoesNotMatch");
    expect(response.json.Message).toBe("Specified signature is not matched with our calculation.");
  });

  it("rejects a tampered query", async () => {
    const raw = sign(getProject);
    const tampered: RawRequest = {
      ...raw,
      path: raw.path.replace("ProjectName=auth-project", "ProjectName=auth-projecu"),
    };
    expect(tampered.path).not.toBe(raw.path);
    expectErrorBody(await send(emulator, tampered), 400, "SignatureDoesNotMatch");
  });

  it("rejects an added query parameter", async () => {
    const raw = sign(getProject);
    expectErrorBody(
      await send(emulator, { ...raw, path: `${raw.path}&WithStatistics=true` }),
      400,
      "SignatureDoesNotMatch",
    );
  });

  it("rejects a tampered body (same length, one character changed)", async () => {
    const raw = sign(updateProject);
    const body = raw.body.replace("signed", "signee");
    expect(body.length).toBe(raw.body.length);
    expectErrorBody(await send(emulator, { ...raw, body }), 400, "SignatureDoesNotMatch");
  });

  it("rejects a replayed request (same nonce), even though its signature is valid", async () => {
    const raw = sign(getProject);
    expect((await send(emulator, raw)).status).toBe(200);
    const replay = await send(emulator, raw);
    expectErrorBody(replay, 400, "SignatureNonceUsed");
  });

  it("rejects a date more than 15 minutes in the past or the future", async () => {
    for (const offset of [-16 * MINUTE, 16 * MINUTE, -24 * 60 * MINUTE]) {
      const response = await send(emulator, sign({ ...getProject, at: Date.now() + offset }));
      expectErrorBody(response, 400, "InvalidTimeStamp.Expired");
    }
  });

  it("rejects a signed but malformed date with InvalidTimeStamp.Format", async () => {
    const response = await send(emulator, sign({ ...getProject, dateText: "yesterday at noon" }));
    expectErrorBody(response, 400, "InvalidTimeStamp.Format");
  });

  it("requires the STS token of a key issued with one, and accepts it when present", async () => {
    const sts = { ...getProject, accessKeyId: "sts-key-id", accessKeySecret: "sts-secret" };
    expectErrorBody(await send(emulator, sign(sts)), 400, "InvalidSecurityToken.Mismatch");
    expectErrorBody(
      await send(emulator, sign({ ...sts, securityToken: "sts-token-2" })),
      400,
      "InvalidSecurityToken.Mismatch",
    );
    expect((await send(emulator, sign({ ...sts, securityToken: "sts-token-1" }))).status).toBe(200);
    // A token is optional for a plain key pair.
    expect((await send(emulator, sign({ ...getProject, securityToken: "any-token" }))).status).toBe(200);
  });

  it("answers an unknown action with the documented not-found error", async () => {
    const response = await send(emulator, sign({ action: "DescribeNothing", query: {} }));
    expectErrorBody(response, 404, "InvalidApi.NotFound");
  });

  it("answers an unknown API version with InvalidVersion", async () => {
    const response = await send(emulator, sign({ ...getProject, version: "2017-09-06" }));
    expectErrorBody(response, 400, "InvalidVersion");
  });
});

describe("legacy RPC specifics", () => {
  it("accepts the Signature in the form body and GET requests with everything in the query", async () => {
    const inBody = signRpc({ host, ...updateProject, signatureIn: "body" });
    expect(inBody.path).not.toContain("Signature=");
    expect((await send(emulator, inBody)).status).toBe(200);
    const get = signRpc({ host, ...getProject, method: "GET" });
    expect(get.method).toBe("GET");
    expect((await send(emulator, get)).json).toMatchObject({ Project: { ProjectName: "auth-project" } });
  });

  it("signs the method: a POST signature does not authorize a GET", async () => {
    const raw = signRpc({ host, ...getProject, method: "POST" });
    expectErrorBody(await send(emulator, { ...raw, method: "GET" }), 400, "SignatureDoesNotMatch");
  });

  it("rejects an unsupported signature method", async () => {
    const raw = signRpc({ host, ...getProject });
    const path = raw.path.replace("SignatureMethod=HMAC-SHA1", "SignatureMethod=HMAC-SHA256");
    expectErrorBody(await send(emulator, { ...raw, path }), 400, "IncompleteSignature");
  });
});

describe("ACS3 specifics", () => {
  it("rejects a tampered signed header (the action) and an unsigned required header", async () => {
    const raw = signAcs3({ host, ...getProject });
    expectErrorBody(
      await send(emulator, { ...raw, headers: { ...raw.headers, "x-acs-action": "DeleteProject" } }),
      400,
      "SignatureDoesNotMatch",
    );
    const unsigned = signAcs3({ host, ...getProject });
    const authorization = unsigned.headers.authorization!.replace("x-acs-action;", "");
    expectErrorBody(
      await send(emulator, { ...unsigned, headers: { ...unsigned.headers, authorization } }),
      400,
      "IncompleteSignature",
    );
  });

  it("rejects a body whose x-acs-content-sha256 does not match", async () => {
    const raw = signAcs3({ host, ...updateProject });
    const body = `${raw.body}&Extra=1`;
    const headers = { ...raw.headers, "content-length": String(body.length) };
    expectErrorBody(await send(emulator, { ...raw, headers, body }), 400, "SignatureDoesNotMatch");
  });

  it("rejects malformed percent-encoding in the query as an incomplete signature, not a crash", async () => {
    const raw = signAcs3({ host, ...getProject });
    expectErrorBody(
      await send(emulator, { ...raw, path: `${raw.path}&Bad=%zz` }),
      400,
      "IncompleteSignature",
    );
  });
});

describe("unsigned and malformed requests", () => {
  it("rejects a request without any signature", async () => {
    const response = await send(emulator, {
      method: "POST",
      path: "/?ProjectName=auth-project",
      headers: { host, "x-acs-action": "GetProject", "x-acs-version": "2020-09-30" },
      body: "",
    });
    expectErrorBody(response, 400, "IncompleteSignature");
  });

  it("rejects an unsupported HTTP method", async () => {
    const raw = signAcs3({ host, ...getProject });
    expectErrorBody(await send(emulator, { ...raw, method: "PUT" }), 400, "UnsupportedHTTPMethod");
  });

  it("counts every rejected signature in /__emulator/stats", async () => {
    const before = emulator.stats().rejectedSignatures;
    await send(emulator, signAcs3({ host, ...getProject, accessKeySecret: "wrong" }));
    await send(emulator, signRpc({ host, ...getProject, accessKeySecret: "wrong" }));
    expect(emulator.stats().rejectedSignatures).toBe(before + 2);
  });
});

describe("through the project's own client", () => {
  it("surfaces a wrong secret and an unknown key as non-retryable API errors", async () => {
    const wrongSecret = await rejection(
      immClient(emulator, { accessKeySecret: "wrong-secret" }).call(imm.GetProject, {
        ProjectName: "auth-project",
      }),
    );
    expect(wrongSecret).toMatchObject({ kind: "api", code: "SignatureDoesNotMatch", httpStatus: 400 });
    expect(wrongSecret.isRetryable()).toBe(false);
    expect(wrongSecret.message).not.toContain("wrong-secret");

    const unknownKey = await rejection(
      immClient(emulator, { accessKeyId: "unknown-key" }).call(imm.GetProject, {
        ProjectName: "auth-project",
      }),
    );
    expect(unknownKey).toMatchObject({ code: "InvalidAccessKeyId.NotFound", httpStatus: 404 });
    expect(KEY_ID).not.toBe("unknown-key");
  });

  it("works with an STS token end to end", async () => {
    const client = immClient(emulator, {
      accessKeyId: "sts-key-id",
      accessKeySecret: "sts-secret",
      securityToken: "sts-token-1",
    });
    const { Project } = await client.call(imm.GetProject, { ProjectName: "auth-project" });
    expect(Project?.ProjectName).toBe("auth-project");
  });
});
