/**
 * The `alicloud-media-emulator` bin as users run it (node dist/emulator/cli.js, so run `npm run build`
 * first): the first stdout line, start-up time, flags, exit codes, and persistence across a restart
 * with --state-file.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { imm } from "../../provider/operations";
import { FIRST_LINE, killChildren, run, start, stop } from "./bin";
import { NO_RETRY, immClient, rejection } from "./support";

afterAll(killChildren);

describe("start-up", () => {
  it("prints the documented first line, picks a free port for --port 0 and answers at once", async () => {
    const started = performance.now();
    const running = await start();
    expect(running.firstLine).toBe(`alicloud-media-emulator listening on http://127.0.0.1:${running.port}`);
    expect(running.port).toBeGreaterThan(0);
    const { Projects } = await immClient(running).call(imm.ListProjects, {});
    const answeredMs = performance.now() - started;
    expect(Projects).toEqual([]);
    // A sanity bound only (shared, noisy machine); the measured figure is reported, not asserted.
    expect(answeredMs).toBeLessThan(10_000);
    process.stdout.write(
      `emulator start-up: first line after ${running.startupMs.toFixed(0)} ms, first answer after ${answeredMs.toFixed(0)} ms\n`,
    );
    expect(await stop(running)).toBe(0);
  });

  it("listens on an explicit --port and --host", async () => {
    const probe = await start();
    const port = probe.port; // free a moment ago
    await stop(probe);
    const running = await start(["--port", String(port), "--host", "127.0.0.1"]);
    expect(running.port).toBe(port);
    // A second emulator on the same port says the port is taken, not how to use the flags.
    const clash = await run(["--port", String(port)]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toBe(
      `alicloud-media-emulator: port ${port} is already in use on 127.0.0.1; choose another with --port (0 picks a free one)\n`,
    );
    await stop(running);
  });
});

describe("flags", () => {
  it("--host 0.0.0.0 binds every interface and still prints a reachable loopback URL", async () => {
    const running = await start(["--host", "0.0.0.0", "--admin-token", "t0ken"]);
    expect(running.firstLine).toMatch(FIRST_LINE);
    await expect(immClient(running).call(imm.ListProjects, {})).resolves.toBeDefined();
    await stop(running);
  });

  it("--access-key-id / --access-key-secret replace the default key pair", async () => {
    const running = await start(["--access-key-id", "my-id", "--access-key-secret", "my-secret"]);
    const mine = immClient(running, { accessKeyId: "my-id", accessKeySecret: "my-secret", retry: NO_RETRY });
    await expect(mine.call(imm.ListProjects, {})).resolves.toBeDefined();
    const defaults = immClient(running, { retry: NO_RETRY });
    expect((await rejection(defaults.call(imm.ListProjects, {}))).code).toBe("InvalidAccessKeyId.NotFound");
    await stop(running);
  });

  it("--not-found-status 400 changes the status of ResourceNotFound", async () => {
    const running = await start(["--not-found-status", "400"]);
    const error = await rejection(
      immClient(running, { retry: NO_RETRY }).call(imm.GetProject, { ProjectName: "none" }),
    );
    expect(error).toMatchObject({ code: "ResourceNotFound", httpStatus: 400 });
    await stop(running);
  });

  it("fault flags inject faults from the start, limited by --fault-actions", async () => {
    const running = await start(["--throttle-rate", "1", "--fault-actions", "GetProject,GetDataset"]);
    const client = immClient(running, { retry: NO_RETRY });
    await client.call(imm.CreateProject, { ProjectName: "flagged" });
    expect((await rejection(client.call(imm.GetProject, { ProjectName: "flagged" }))).code).toBe(
      "Throttling.User",
    );
    const stats = (await (await fetch(`${running.url}/__emulator/stats`)).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({
      requests: { CreateProject: 1, GetProject: 1 },
      injectedFaults: { throttle: 1 },
    });
    await stop(running);
  });

  it("timing flags set the async timings", async () => {
    const running = await start(["--binding-scan-ms", "7", "--index-ms", "3", "--batch-ms", "11"]);
    const timings = (await (await fetch(`${running.url}/__emulator/timings`)).json()) as Record<
      string,
      unknown
    >;
    expect(timings).toMatchObject({ bindingScanMs: 7, indexMs: 3, batchMs: 11 });
    await stop(running);
  });

  it("--help prints the usage and exits 0", async () => {
    const { code, stdout } = await run(["--help"]);
    expect(code).toBe(0);
    for (const flag of [
      "--port",
      "--host",
      "--access-key-id",
      "--access-key-secret",
      "--state-file",
      "--throttle-rate",
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  it.each([
    [["--port", "http"], "--port must be a number"],
    [["--port", "70000"], "--port must be an integer from 0 to 65535"],
    [["--throttle-rate", "2"], "throttleRate"],
    [["--binding-scan-ms=-5"], "bindingScanMs"],
    [["--not-found-status", "500"], "--not-found-status must be 400 or 404"],
    [["--no-such-flag"], "no-such-flag"],
  ])("rejects %j with exit code 2 and a message naming the flag", async (args, message) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
  });
});

describe("--state-file", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "emulator-state-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps resources, pending async work and quotas across a restart", async () => {
    const stateFile = join(dir, "nested", "state.json");
    const first = await start(["--state-file", stateFile, "--binding-scan-ms", "300"]);
    const client = immClient(first);
    await client.call(imm.CreateProject, { ProjectName: "kept", Description: "survives" });
    await client.call(imm.CreateDataset, {
      ProjectName: "kept",
      DatasetName: "photos",
      DatasetMaxBindCount: 1,
    });
    await client.call(imm.CreateBinding, {
      ProjectName: "kept",
      DatasetName: "photos",
      URI: "oss://kept-bucket",
    });
    expect(existsSync(stateFile)).toBe(true);
    // Stopped hard, before the binding's scan is due: the queue of async work is in the file too.
    expect(await stop(first, "SIGKILL")).toBeNull();
    expect(readdirSync(join(dir, "nested"))).toEqual(["state.json"]); // no temporary file left behind
    expect(() => JSON.parse(readFileSync(stateFile, "utf8"))).not.toThrow();

    await new Promise((r) => setTimeout(r, 350));
    const second = await start(["--state-file", stateFile]);
    const again = immClient(second);
    const { Project } = await again.call(imm.GetProject, { ProjectName: "kept" });
    expect(Project).toMatchObject({ Description: "survives", DatasetCount: 1 });
    const { Binding } = await again.call(imm.GetBinding, {
      ProjectName: "kept",
      DatasetName: "photos",
      URI: "oss://kept-bucket",
    });
    expect(Binding).toMatchObject({ State: "Running", Phase: "IncrementalScanning" });
    const { Dataset } = await again.call(imm.GetDataset, {
      ProjectName: "kept",
      DatasetName: "photos",
      WithStatistics: true,
    });
    expect(Dataset).toMatchObject({ DatasetMaxBindCount: 1, BindCount: 1 });
    expect(Dataset?.FileCount).toBeGreaterThan(0);
    // Rules still hold against reloaded state.
    expect((await rejection(again.call(imm.CreateProject, { ProjectName: "kept" }))).code).toBe(
      "ResourceAlreadyExists",
    );
    expect(
      (
        await rejection(
          again.call(imm.CreateBinding, {
            ProjectName: "kept",
            DatasetName: "photos",
            URI: "oss://other-bucket",
          }),
        )
      ).code,
    ).toBe("LimitExceededError");
    await again.call(imm.DeleteBinding, {
      ProjectName: "kept",
      DatasetName: "photos",
      URI: "oss://kept-bucket",
    });
    expect(await stop(second)).toBe(0);

    const third = await start(["--state-file", stateFile]);
    const { Bindings } = await immClient(third).call(imm.ListBindings, {
      ProjectName: "kept",
      DatasetName: "photos",
    });
    expect(Bindings).toEqual([]);
    await stop(third);
  });

  it("refuses to start on a corrupt state file instead of overwriting it", async () => {
    const stateFile = join(dir, "corrupt.json");
    writeFileSync(stateFile, "{ this is not json");
    const { code, stderr } = await run(["--port", "0", "--state-file", stateFile]);
    expect(code).toBe(2);
    expect(stderr).toContain(`cannot read the state file ${stateFile}`);
    expect(readFileSync(stateFile, "utf8")).toBe("{ this is not json");
  });
});
