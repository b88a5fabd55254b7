/**
 * The stack-file reader the offline runner and these tests deploy with: it must read exactly what
 * `pulumi up` would, and refuse (with the line) what it does not understand instead of guessing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readProjectName, readStackConfig, withEndpoints } from "../../scripts/stack-config";
import { REPO_ROOT } from "../harness/user-project";

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-config-"))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const at = path.join(dir, name);
  fs.writeFileSync(at, text);
  return at;
}

describe("readStackConfig", () => {
  it("reads the quickstart's dev stack as Pulumi would", () => {
    expect(readStackConfig(path.join(REPO_ROOT, "Pulumi.dev.yaml"))).toEqual({
      "alicloud-media:region": "cn-shanghai",
      "alicloud-media:immEndpoint": "http://127.0.0.1:18080",
      "alicloud-media:iceEndpoint": "http://127.0.0.1:18080",
      "alicloud-media:accessKeyId": "emulator-access-key-id",
      "alicloud-media:accessKeySecret": "emulator-access-key-secret",
      "alicloud-media-quickstart:bucket": "quickstart-photos",
      "alicloud-media-quickstart:owner": "quickstart",
    });
    expect(readProjectName(path.join(REPO_ROOT, "Pulumi.yaml"))).toBe("alicloud-media-quickstart");
  });

  it("handles comments, both quote styles and a # inside quotes", () => {
    const at = file(
      "Pulumi.a.yaml",
      [
        "# leading comment",
        "encryptionsalt: v1:abc",
        "config:",
        "  # inside",
        '  app:a: "1" # trailing',
        "  app:b: 'it''s'",
        '  app:c: "x # not a comment"',
        "  app:d: plain value",
        "",
      ].join("\n"),
    );
    expect(readStackConfig(at)).toEqual({
      "app:a": "1",
      "app:b": "it's",
      "app:c": "x # not a comment",
      "app:d": "plain value",
    });
  });

  it("refuses secure and structured values, naming the line and the key", () => {
    const secure = file("Pulumi.b.yaml", "config:\n  app:key:\n    secure: v1:xyz\n");
    expect(() => readStackConfig(secure)).toThrow(/Pulumi\.b\.yaml:2 \(app:key\): only scalar values/);
    const list = file("Pulumi.c.yaml", "config:\n  app:list: [1, 2]\n");
    expect(() => readStackConfig(list)).toThrow(/Pulumi\.c\.yaml:2 \(app:list\)/);
  });

  it("moves both endpoints and nothing else", () => {
    expect(withEndpoints({ "alicloud-media:region": "cn-beijing" }, "http://127.0.0.1:1")).toEqual({
      "alicloud-media:region": "cn-beijing",
      "alicloud-media:immEndpoint": "http://127.0.0.1:1",
      "alicloud-media:iceEndpoint": "http://127.0.0.1:1",
    });
  });
});
