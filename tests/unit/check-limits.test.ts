/**
 * What the provider's check refuses so that the service (and the emulator) never sees it: JSON-or-object
 * values nested too deep, too large or carrying numbers JSON cannot hold, and batch MatchExpressions
 * that are not RE2 (IMM is a Go service). Each failure names its property; a catastrophic-looking
 * pattern that RE2 accepts is accepted, because RE2 matches it in linear time.
 */
import { MAX_JSON_BYTES, MAX_JSON_DEPTH } from "../../provider/framework/json-value";
import { lifecycle } from "../../provider/registry";

const editingProject = lifecycle("ice:EditingProject");
const batch = lifecycle("imm:Batch");

async function editingFailures(news: Record<string, unknown>) {
  return (await editingProject.check({}, { title: "t", ...news })).failures;
}

/** `{"a":{"a":…{"a":1}}}` with `levels` objects. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { a: 1 };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

describe("JSON-or-object fields at check", () => {
  it(`accepts ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1}, as object or as text`, async () => {
    expect(await editingFailures({ timeline: nested(MAX_JSON_DEPTH) })).toEqual([]);
    expect(await editingFailures({ timeline: JSON.stringify(nested(MAX_JSON_DEPTH)) })).toEqual([]);
    for (const timeline of [nested(MAX_JSON_DEPTH + 1), JSON.stringify(nested(MAX_JSON_DEPTH + 1))]) {
      const found = await editingFailures({ timeline });
      expect(found).toEqual([
        { property: "timeline", reason: expect.stringMatching(/at most 32 levels deep/) },
      ]);
    }
  });

  it("refuses 20,000 levels of text quickly, without overflowing the stack", async () => {
    const text = `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`;
    const started = performance.now();
    const found = await editingFailures({ clipsParam: text, templateId: "tpl" });
    expect(found.map((f) => f.property)).toEqual(["clipsParam"]);
    expect(found[0]!.reason).toMatch(/levels deep/);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it.each([
    [
      "NaN in an object",
      { timeline: { VideoTracks: [{ Duration: Number.NaN }] } },
      /NaN at VideoTracks\[0\]\.Duration/,
    ],
    ["Infinity in an object", { materialMaps: { speed: Number.POSITIVE_INFINITY } }, /Infinity at speed/],
    ["1e400 in text", { businessConfig: '{"Limit":1e400}' }, /Infinity at Limit/],
    ["-1e400 in text", { timeline: '{"x":[-1e400]}' }, /-Infinity at x\[0\]/],
  ])("refuses %s with a message naming the field and the place", async (_name, news, reason) => {
    const found = await editingFailures(news);
    const property = Object.keys(news)[0];
    expect(found).toEqual([{ property, reason: expect.stringMatching(/numbers must be finite/) }]);
    expect(found[0]!.reason).toMatch(reason);
  });

  it(`refuses a value over ${MAX_JSON_BYTES} bytes of compact JSON, accepts one just under`, async () => {
    const under = { Note: "x".repeat(MAX_JSON_BYTES - 20) };
    expect(await editingFailures({ timeline: under })).toEqual([]);
    const over = { Note: "x".repeat(MAX_JSON_BYTES) };
    const found = await editingFailures({ timeline: over });
    expect(found).toEqual([
      { property: "timeline", reason: expect.stringMatching(/at most 524288 bytes as compact JSON/) },
    ]);
  });

  it("Yike ModelParams obeys the same limits", async () => {
    const storyboard = lifecycle("ice:StoryboardJob");
    const found = (
      await storyboard.check(
        {},
        { fileUrl: "oss://bucket/a.txt", modelParams: '{"Temperature":1e999}', __logicalName: "job" },
      )
    ).failures;
    expect(found.filter((f) => f.property === "modelParams")).toEqual([
      { property: "modelParams", reason: expect.stringMatching(/numbers must be finite/) },
    ]);
  });
});

describe("imm.Batch MatchExpressions at check are RE2", () => {
  const check = async (matchExpressions: string[]) =>
    (
      await batch.check(
        {},
        {
          projectName: "p",
          input: { oss: { bucket: "abc", matchExpressions } },
          actions: [{ name: "doc/convert" }],
          __logicalName: "b",
        },
      )
    ).failures;

  it.each([
    ["a lookahead", "(?=a)b", /invalid or unsupported Perl syntax/],
    ["a backreference", "(a)\\1", /invalid escape sequence/],
    ["a lookbehind", "(?<!a)b", /invalid named capture/],
  ])("refuses %s, which JavaScript would accept", async (_name, expression, reason) => {
    expect(() => new RegExp(expression)).not.toThrow();
    const found = await check(["\\.jpg$", expression]);
    expect(found).toEqual([
      {
        property: "input.oss.matchExpressions[1]",
        reason: expect.stringMatching(/not a valid regular expression in RE2 syntax/),
      },
    ]);
    expect(found[0]!.reason).toMatch(reason);
  });

  it("accepts ^(.+)+X$: RE2 matches it in linear time", async () => {
    expect(await check(["^(.+)+X$", "\\.(jpe?g|png)$"])).toEqual([]);
  });
});
