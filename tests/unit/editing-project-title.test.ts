/**
 * ice.EditingProject's default title is derived, not random: the logical name plus a hash of the
 * Pulumi project and stack (`__stack`, sent by the SDK) and the logical name. A fresh check (no olds,
 * as after an apply interrupted before its state was written) must derive the same title again, other
 * stacks and other resource names must get other titles, a declared title is kept as is, and the
 * result fits the title limit. No API client exists here: check never calls the service.
 */
import { AUTO_NAMED, ResourceLifecycle, STACK_IDENTITY } from "../../provider/framework/lifecycle";
import type { ResourceSpec } from "../../provider/framework/spec";
import { derivedTitleSuffix, editingProjectSpec, TITLE_MAX_LENGTH } from "../../provider/ice/editing-project";

const lifecycle = new ResourceLifecycle(editingProjectSpec as unknown as ResourceSpec, () => {
  throw new Error("check must not need API clients");
});

async function freshTitle(logicalName: string, stack: string | undefined): Promise<string> {
  const news: Record<string, unknown> = { __logicalName: logicalName, description: "d" };
  if (stack !== undefined) news[STACK_IDENTITY] = stack;
  const { inputs, failures } = await lifecycle.check({}, news);
  expect(failures).toEqual([]);
  expect(inputs[AUTO_NAMED]).toBe(true);
  return inputs.title as string;
}

describe("ice.EditingProject derived title", () => {
  it("is the logical name plus a short hash, the same on every fresh check", async () => {
    const first = await freshTitle("intro", "media/dev");
    expect(first).toMatch(/^intro-[0-9a-f]{10}$/);
    expect(first).toBe(`intro-${derivedTitleSuffix("intro", { [STACK_IDENTITY]: "media/dev" })}`);
    for (let i = 0; i < 3; i++) expect(await freshTitle("intro", "media/dev")).toBe(first);
  });

  it("differs between stacks, Pulumi projects and logical names", async () => {
    const titles = [
      await freshTitle("intro", "media/dev"),
      await freshTitle("intro", "media/prod"),
      await freshTitle("intro", "other/dev"),
      await freshTitle("outro", "media/dev"),
    ];
    expect(new Set(titles).size).toBe(titles.length);
    // Same readable part, other hash: the stack is in the hash only.
    expect(titles[1]!.startsWith("intro-")).toBe(true);
  });

  it("falls back to the host's environment for the stack when the program did not send it", async () => {
    const saved = { project: process.env.PULUMI_PROJECT, stack: process.env.PULUMI_STACK };
    try {
      process.env.PULUMI_PROJECT = "media";
      process.env.PULUMI_STACK = "dev";
      const dev = await freshTitle("intro", undefined);
      process.env.PULUMI_STACK = "prod";
      const prod = await freshTitle("intro", undefined);
      expect(dev).not.toBe(prod);
      expect(await freshTitle("intro", undefined)).toBe(prod);
    } finally {
      for (const [key, value] of [
        ["PULUMI_PROJECT", saved.project],
        ["PULUMI_STACK", saved.stack],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it("keeps a declared title as is, with no hash and no auto-naming mark", async () => {
    const { inputs } = await lifecycle.check(
      {},
      { __logicalName: "intro", [STACK_IDENTITY]: "media/dev", title: "The intro" },
    );
    expect(inputs.title).toBe("The intro");
    expect(inputs[AUTO_NAMED]).toBeUndefined();
  });

  it("keeps the title of the state on later checks, whatever the stack says", async () => {
    const first = await lifecycle.check({}, { __logicalName: "intro", [STACK_IDENTITY]: "media/dev" });
    const later = await lifecycle.check(first.inputs, {
      __logicalName: "intro",
      [STACK_IDENTITY]: "media/dev",
      description: "changed",
    });
    expect(later.inputs.title).toBe(first.inputs.title);
  });

  it("fits the title limit with a long logical name, keeping the hash whole", async () => {
    const long = "a-very-long-resource-name-".repeat(10);
    const title = await freshTitle(long, "media/dev");
    expect(title).toHaveLength(TITLE_MAX_LENGTH);
    const suffix = derivedTitleSuffix(long, { [STACK_IDENTITY]: "media/dev" });
    expect(title.endsWith(`-${suffix}`)).toBe(true);
    expect(title.startsWith(long.slice(0, TITLE_MAX_LENGTH - suffix.length - 1))).toBe(true);
    // Another long name sharing the first 117 characters still gets another title.
    expect(await freshTitle(`${long}x`, "media/dev")).not.toBe(title);
  });
});
