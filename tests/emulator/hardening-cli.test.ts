/**
 * The bin's hardening as users meet it: the state file is validated whole and probed at start, a
 * write that cannot be saved is refused and not applied (reads still answer), shutdown never loses
 * state; a non-loopback bind needs an admin token; secrets can come from the environment.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadStateFile } from "../../emulator/core/store";
import { imm } from "../../provider/operations";
import { killChildren, run, start, stop } from "./bin";
import { NO_RETRY, immClient, rejection } from "./support";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "emulator-hardening-"));
});
afterAll(() => {
  killChildren();
  rmSync(dir, { recursive: true, force: true });
});

describe("--state-file", () => {
  it.each([
    ["tables: null", '{"format":1,"tables":null}', /tables: /],
    [
      "a row that is not an object",
      '{"format":1,"seq":0,"tables":{"imm.projects":{"p":42}},"scheduled":[]}',
      /tables\.imm\.projects\.p: must be an object/,
    ],
    [
      "an event due at a string",
      '{"format":1,"seq":0,"tables":{},"scheduled":[{"dueAt":"soon","kind":"x","payload":{},"seq":1}]}',
      /scheduled\.0\.dueAt/,
    ],
    [
      "200 levels of nesting",
      `{"format":1,"seq":0,"tables":{"t":{"k":${'{"a":'.repeat(200)}1${"}".repeat(200)}}},"scheduled":[]}`,
      /deeper than 100 levels/,
    ],
  ])(
    "refuses %s at start with exit 2, naming what is wrong, and leaves the file alone",
    async (_label, text, reason) => {
      const stateFile = join(dir, `invalid-${Math.random()}.json`);
      writeFileSync(stateFile, text);
      const { code, stdout, stderr } = await run(["--port", "0", "--state-file", stateFile]);
      expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
      expect(stderr).toContain(`the state file ${stateFile} is not an emulator state file`);
      expect(stderr).toMatch(reason);
      expect(stderr).not.toContain("Usage:");
      expect(readFileSync(stateFile, "utf8")).toBe(text);
    },
  );

  it("refuses an unwritable path at start with exit 2 and a clear message", async () => {
    const blocker = join(dir, "a-file");
    writeFileSync(blocker, "not a directory");
    const stateFile = join(blocker, "state.json");
    const { code, stderr } = await run(["--port", "0", "--state-file", stateFile]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      new RegExp(`^alicloud-media-emulator: the state file ${stateFile} is not writable: `),
    );
    expect(stderr).not.toContain("Usage:");
  });

  it("refuses a write it cannot save without applying it; reads still answer; SIGTERM exits 0", async () => {
    const home = join(dir, "home");
    const stateFile = join(home, "state.json");
    const running = await start(["--state-file", stateFile]);
    const client = immClient(running, { retry: NO_RETRY });
    await client.call(imm.CreateProject, { ProjectName: "saved" });

    // The directory goes away and a file takes its place: no write can succeed any more.
    renameSync(home, `${home}-moved`);
    writeFileSync(home, "blocks the directory");
    const refused = await rejection(client.call(imm.CreateProject, { ProjectName: "unsaved" }));
    expect({ status: refused.httpStatus, code: refused.code }).toEqual({
      status: 503,
      code: "ServiceUnavailable",
    });
    expect(refused.message).toContain("could not save its state file; the request was not applied");
    // Reads answer, and the refused write was not committed in memory.
    const { Projects } = await client.call(imm.ListProjects, {});
    expect(Projects?.map((p) => p.ProjectName)).toEqual(["saved"]);
    expect((await rejection(client.call(imm.GetProject, { ProjectName: "unsaved" }))).code).toBe(
      "ResourceNotFound",
    );

    // The disk comes back: writes work again, and shutdown saves.
    rmSync(home);
    renameSync(`${home}-moved`, home);
    await client.call(imm.CreateProject, { ProjectName: "after" });
    expect(await stop(running)).toBe(0);
    expect(Object.keys(loadStateFile(stateFile).tables["imm.projects"] ?? {}).sort()).toEqual([
      "after",
      "saved",
    ]);
  });

  it("SIGTERM while the state file cannot be written still exits 0, and no state is lost", async () => {
    const home = join(dir, "home-term");
    const stateFile = join(home, "state.json");
    const running = await start(["--state-file", stateFile]);
    await immClient(running).call(imm.CreateProject, { ProjectName: "kept" });
    renameSync(home, `${home}-moved`);
    writeFileSync(home, "blocks the directory");
    expect(await stop(running)).toBe(0);
    expect(running.stderr()).not.toMatch(/EEXIST|Error:/);
    const saved = loadStateFile(join(`${home}-moved`, "state.json"));
    expect(Object.keys(saved.tables["imm.projects"] ?? {})).toEqual(["kept"]);
  });
});

describe("--host and the admin token", () => {
  it("refuses to listen off loopback without an admin token (exit 2, no usage text)", async () => {
    const { code, stderr } = await run(["--port", "0", "--host", "0.0.0.0"]);
    expect(code).toBe(2);
    expect(stderr).toContain("an admin token is required to listen on 0.0.0.0");
    expect(stderr).toContain("ALICLOUD_MEDIA_EMULATOR_ADMIN_TOKEN");
    expect(stderr).not.toContain("Usage:");
  });

  it("takes the token from ALICLOUD_MEDIA_EMULATOR_ADMIN_TOKEN and requires it on admin requests", async () => {
    const running = await start(["--host", "0.0.0.0"], {
      ALICLOUD_MEDIA_EMULATOR_ADMIN_TOKEN: "s3cret-token",
    });
    expect((await fetch(`${running.url}/__emulator/stats`)).status).toBe(401);
    const authorized = await fetch(`${running.url}/__emulator/stats`, {
      headers: { authorization: "Bearer s3cret-token" },
    });
    expect(authorized.status).toBe(200);
    await stop(running);
  });
});

describe("the access key secret from the environment", () => {
  it("ALICLOUD_MEDIA_EMULATOR_ACCESS_KEY_SECRET replaces the default secret and stays off the command line", async () => {
    const running = await start(["--access-key-id", "env-id"], {
      ALICLOUD_MEDIA_EMULATOR_ACCESS_KEY_SECRET: "secret-from-env",
    });
    const client = immClient(running, {
      accessKeyId: "env-id",
      accessKeySecret: "secret-from-env",
      retry: NO_RETRY,
    });
    await expect(client.call(imm.ListProjects, {})).resolves.toBeDefined();
    const wrong = immClient(running, { accessKeyId: "env-id", retry: NO_RETRY });
    expect((await rejection(wrong.call(imm.ListProjects, {}))).code).toBe("SignatureDoesNotMatch");
    // What `ps` shows is the command line: the secret is not on it.
    expect(readFileSync(`/proc/${running.child.pid}/cmdline`, "utf8")).not.toContain("secret-from-env");
    await stop(running);
  });
});
