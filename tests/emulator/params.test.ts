/**
 * The emulator's parameter reader (emulator/core/params.ts), in process: each typed getter on valid
 * input, exactly at each limit (accepted) and one past it (refused), on missing and empty values, and
 * the error a client then receives: HTTP status, code, and the message naming the parameter, the
 * value and the rule, in IMM's and in ICE's wording.
 */
import { ApiError, type ErrorStyle } from "../../emulator/core/errors";
import { MAX_JSON_BYTES, MAX_JSON_DEPTH } from "../../emulator/core/limits";
import { Params, parseRfc3339 } from "../../emulator/core/params";

const IMM: ErrorStyle = { product: "imm", notFoundStatus: 404 };
const ICE: ErrorStyle = { product: "ice", notFoundStatus: 404 };

const imm = (values: Record<string, string>) => new Params(values, IMM);
const ice = (values: Record<string, string>) => new Params(values, ICE);

/** What a client sees of a refused request: status, code and message. */
function refusal(run: () => unknown): { status: number; code: string; message: string } {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) throw new Error("expected the call to be refused, but it returned");
  expect(thrown).toBeInstanceOf(ApiError);
  const { status, code, message } = thrown as ApiError;
  return { status, code, message };
}

/** IMM's answer to an invalid parameter: code `Invalid{Parameter}`. */
const immInvalid = (code: string, name: string, rule: string) => ({
  status: 400,
  code,
  message: `Specified parameter ${name} is not valid: ${rule}`,
});
/** ICE's answer to an invalid parameter. */
const iceInvalid = (name: string, rule: string) => ({
  status: 400,
  code: "InvalidParameter",
  message: `The specified parameter ${name} is not valid: ${rule}`,
});

describe("names, has and raw", () => {
  const params = imm(JSON.parse('{"Name":"n","Empty":"","constructor":"c","__proto__":"p"}'));

  it("lists every parameter that arrived, in arrival order, including inherited-looking names", () => {
    expect(params.names()).toEqual(["Name", "Empty", "constructor", "__proto__"]);
    expect(imm({}).names()).toEqual([]);
  });

  it("has() tells a parameter sent empty from one not sent, and ignores object built-ins", () => {
    expect([params.has("Name"), params.has("Empty"), params.has("__proto__")]).toEqual([true, true, true]);
    expect([params.has("Other"), params.has("toString"), params.has("hasOwnProperty")]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("raw() returns the value untouched, empty stays empty, absent is undefined", () => {
    expect(params.raw("Name")).toBe("n");
    expect(params.raw("Empty")).toBe("");
    expect(params.raw("constructor")).toBe("c");
    expect(params.raw("__proto__")).toBe("p");
    expect(params.raw("Other")).toBeUndefined();
    expect(params.raw("toString")).toBeUndefined();
  });
});

describe("string", () => {
  it("returns the value with no rules, undefined when absent, and an empty value as sent", () => {
    const params = imm({ Name: " any value ", Empty: "" });
    expect(params.string("Name")).toBe(" any value ");
    expect(params.string("Missing", { minLength: 1, pattern: /^x$/, oneOf: ["x"] })).toBeUndefined();
    expect(params.string("Empty")).toBe("");
    expect(params.string("Empty", { maxLength: 0 })).toBe("");
  });

  it("minLength: exactly the minimum is accepted, one character fewer is refused", () => {
    expect(imm({ Name: "abc" }).string("Name", { minLength: 3 })).toBe("abc");
    expect(refusal(() => imm({ Name: "ab" }).string("Name", { minLength: 3 }))).toEqual(
      immInvalid("InvalidName", "Name", "must be at least 3 characters (got 2)"),
    );
    expect(refusal(() => imm({ Name: "" }).string("Name", { minLength: 1 }))).toEqual(
      immInvalid("InvalidName", "Name", "must be at least 1 characters (got 0)"),
    );
  });

  it("maxLength: exactly the maximum is accepted, one character more is refused", () => {
    expect(imm({ Name: "abcd" }).string("Name", { maxLength: 4 })).toBe("abcd");
    expect(refusal(() => imm({ Name: "abcde" }).string("Name", { maxLength: 4 }))).toEqual(
      immInvalid("InvalidName", "Name", "must be at most 4 characters (got 5)"),
    );
  });

  it("counts characters as code points, not UTF-16 units", () => {
    const twoEmoji = "\u{1F600}\u{1F601}";
    expect(twoEmoji.length).toBe(4);
    expect(imm({ Name: twoEmoji }).string("Name", { minLength: 2, maxLength: 2 })).toBe(twoEmoji);
    expect(refusal(() => imm({ Name: `${twoEmoji}!` }).string("Name", { maxLength: 2 }))).toEqual(
      immInvalid("InvalidName", "Name", "must be at most 2 characters (got 3)"),
    );
  });

  it("bytes: counts UTF-8 bytes at both limits and says bytes", () => {
    const three = "\u00e9\u00e9\u00e9"; // three characters, six bytes
    expect(imm({ Title: three }).string("Title", { bytes: true, minLength: 6, maxLength: 6 })).toBe(three);
    expect(refusal(() => imm({ Title: `${three}a` }).string("Title", { bytes: true, maxLength: 6 }))).toEqual(
      immInvalid("InvalidTitle", "Title", "must be at most 6 bytes (got 7)"),
    );
    expect(refusal(() => imm({ Title: "\u00e9a" }).string("Title", { bytes: true, minLength: 4 }))).toEqual(
      immInvalid("InvalidTitle", "Title", "must be at least 4 bytes (got 3)"),
    );
    // The same text measured in characters passes a limit that its bytes would break.
    expect(imm({ Title: three }).string("Title", { maxLength: 3 })).toBe(three);
  });

  it("pattern: the human wording of the rule when given, the pattern itself otherwise", () => {
    const pattern = /^[a-z][a-z0-9-]*$/;
    expect(imm({ Name: "ok-1" }).string("Name", { pattern })).toBe("ok-1");
    expect(
      refusal(() =>
        imm({ Name: "Bad_1" }).string("Name", { pattern, patternRule: "must start with a lowercase letter" }),
      ),
    ).toEqual(immInvalid("InvalidName", "Name", 'must start with a lowercase letter (got "Bad_1")'));
    expect(refusal(() => imm({ Name: "Bad_1" }).string("Name", { pattern }))).toEqual(
      immInvalid("InvalidName", "Name", 'must match /^[a-z][a-z0-9-]*$/ (got "Bad_1")'),
    );
  });

  it("oneOf: a listed value is accepted, any other is refused with the list", () => {
    const oneOf = ["Standard", "Basic"] as const;
    expect(imm({ Type: "Basic" }).string("Type", { oneOf })).toBe("Basic");
    expect(refusal(() => imm({ Type: "basic" }).string("Type", { oneOf }))).toEqual(
      immInvalid("InvalidType", "Type", 'must be one of Standard, Basic (got "basic")'),
    );
  });

  it("checks length before pattern, and answers in ICE's wording for ICE", () => {
    expect(
      refusal(() => ice({ Name: "ABCDE" }).string("Name", { maxLength: 4, pattern: /^[a-z]+$/ })),
    ).toEqual(iceInvalid("Name", "must be at most 4 characters (got 5)"));
    expect(
      refusal(() => ice({ Name: "ABCD" }).string("Name", { maxLength: 4, pattern: /^[a-z]+$/ })),
    ).toEqual(iceInvalid("Name", 'must match /^[a-z]+$/ (got "ABCD")'));
  });
});

describe("requiredString", () => {
  it("refuses an absent or empty value as not supplied, in each product's wording", () => {
    for (const values of [{}, { Name: "" }] as Record<string, string>[]) {
      expect(refusal(() => imm(values).requiredString("Name"))).toEqual({
        status: 400,
        code: "InvalidArgument",
        message: "The parameter Name is required but not provided.",
      });
      expect(refusal(() => ice(values).requiredString("Name", { minLength: 0 }))).toEqual({
        status: 400,
        code: "MissingParameter",
        message: 'The input parameter "Name" that is mandatory for processing this request is not supplied.',
      });
    }
  });

  it("returns a present value and still applies the string rules to it", () => {
    expect(imm({ Name: "abc" }).requiredString("Name", { minLength: 3 })).toBe("abc");
    expect(refusal(() => imm({ Name: "ab" }).requiredString("Name", { minLength: 3 }))).toEqual(
      immInvalid("InvalidName", "Name", "must be at least 3 characters (got 2)"),
    );
  });
});

describe("integer", () => {
  it("reads decimal integers, negative and zero-padded ones included; absent or empty is undefined", () => {
    const params = imm({ A: "42", B: "-7", C: "007", D: "0", Empty: "" });
    expect([params.integer("A"), params.integer("B"), params.integer("C"), params.integer("D")]).toEqual([
      42, -7, 7, 0,
    ]);
    expect(params.integer("Empty", { min: 1 })).toBeUndefined();
    expect(params.integer("Missing", { min: 1 })).toBeUndefined();
  });

  it.each(["1.5", "abc", "12abc", "abc12", "+5", " 5", "1e3", "-", "0x10"])("refuses %p", (value) => {
    expect(refusal(() => imm({ MaxResults: value }).integer("MaxResults"))).toEqual(
      immInvalid("InvalidMaxResults", "MaxResults", `must be an integer (got "${value}")`),
    );
  });

  it("min: exactly the minimum is accepted, one less is refused", () => {
    expect(imm({ N: "1" }).integer("N", { min: 1 })).toBe(1);
    expect(imm({ N: "-3" }).integer("N", { min: -3 })).toBe(-3);
    expect(refusal(() => imm({ N: "0" }).integer("N", { min: 1 }))).toEqual(
      immInvalid("InvalidN", "N", "must be at least 1 (got 0)"),
    );
  });

  it("max: exactly the maximum is accepted, one more is refused", () => {
    expect(imm({ N: "100" }).integer("N", { max: 100 })).toBe(100);
    expect(refusal(() => imm({ N: "101" }).integer("N", { min: 1, max: 100 }))).toEqual(
      immInvalid("InvalidN", "N", "must be at most 100 (got 101)"),
    );
    expect(refusal(() => ice({ N: "101" }).integer("N", { max: 100 }))).toEqual(
      iceInvalid("N", "must be at most 100 (got 101)"),
    );
  });
});

describe("boolean", () => {
  it('reads "true" and "false"; absent or empty is undefined', () => {
    const params = imm({ Yes: "true", No: "false", Empty: "" });
    expect(params.boolean("Yes")).toBe(true);
    expect(params.boolean("No")).toBe(false);
    expect(params.boolean("Empty")).toBeUndefined();
    expect(params.boolean("Missing")).toBeUndefined();
  });

  it.each(["TRUE", "False", "1", "0", "yes", " true"])("refuses %p", (value) => {
    expect(refusal(() => imm({ WithFields: value }).boolean("WithFields"))).toEqual(
      immInvalid("InvalidWithFields", "WithFields", `must be "true" or "false" (got "${value}")`),
    );
  });
});

describe("json", () => {
  it("parses an object or an array of the expected shape; absent or empty is undefined", () => {
    const params = imm({ Tags: '{"a":1,"b":[true,null]}', Files: '[{"URI":"oss://b/k"}]', Empty: "" });
    expect(params.json("Tags", "object")).toEqual({ a: 1, b: [true, null] });
    expect(params.json("Files", "array")).toEqual([{ URI: "oss://b/k" }]);
    expect(params.json("Empty", "object")).toBeUndefined();
    expect(params.json("Missing", "array")).toBeUndefined();
  });

  it("refuses the wrong shape: IMM's InvalidJSON, ICE's InvalidParameter", () => {
    for (const [value, shape] of [
      ["[1]", "object"],
      ["null", "object"],
      ['"text"', "object"],
      ["{}", "array"],
      ["3", "array"],
    ] as const) {
      expect(refusal(() => imm({ Tags: value }).json("Tags", shape))).toEqual({
        status: 400,
        code: "InvalidJSON",
        message: `Array parsing error, Tags: expected a JSON ${shape}`,
      });
    }
    expect(refusal(() => ice({ Input: "[]" }).json("Input", "object"))).toEqual(
      iceInvalid("Input", "not valid JSON (expected a JSON object)"),
    );
  });

  it("refuses text that is not JSON with the parser's own explanation", () => {
    const text = '{"a":1,}';
    let parserMessage = "";
    try {
      JSON.parse(text);
    } catch (error) {
      parserMessage = (error as Error).message;
    }
    expect(parserMessage).not.toBe("");
    expect(refusal(() => imm({ Tags: text }).json("Tags", "object"))).toEqual({
      status: 400,
      code: "InvalidJSON",
      message: `Array parsing error, Tags: ${parserMessage}`,
    });
    expect(refusal(() => ice({ Input: text }).json("Input", "object"))).toEqual(
      iceInvalid("Input", `not valid JSON (${parserMessage})`),
    );
  });

  it("refuses a number JSON cannot carry, naming its path", () => {
    expect(refusal(() => imm({ Tags: '{"a":[1,1e400]}' }).json("Tags", "object"))).toEqual(
      immInvalid("InvalidTags", "Tags.a[1]", "numbers must be finite (JSON has no NaN or Infinity)"),
    );
    expect(refusal(() => ice({ Input: "[-1e999]" }).json("Input", "array"))).toEqual(
      iceInvalid("Input[0]", "numbers must be finite (JSON has no NaN or Infinity)"),
    );
  });

  it("nesting: exactly the deepest allowed level is accepted, one deeper is refused", () => {
    const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
    expect(imm({ Files: nested(MAX_JSON_DEPTH) }).json("Files", "array")).toHaveLength(1);
    expect(refusal(() => imm({ Files: nested(MAX_JSON_DEPTH + 1) }).json("Files", "array"))).toEqual(
      immInvalid(
        "InvalidFiles",
        "Files",
        `must nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep (the emulator's limit)`,
      ),
    );
  });

  it("size: exactly the largest allowed text is accepted, one byte more is refused", () => {
    const padded = (bytes: number) => `["${"x".repeat(bytes - 4)}"]`;
    expect(imm({ Files: padded(MAX_JSON_BYTES) }).json<string[]>("Files", "array")?.[0]).toHaveLength(
      MAX_JSON_BYTES - 4,
    );
    expect(refusal(() => imm({ Files: padded(MAX_JSON_BYTES + 1) }).json("Files", "array"))).toEqual(
      immInvalid(
        "InvalidFiles",
        "Files",
        `must be at most ${MAX_JSON_BYTES} bytes of JSON (the emulator's limit; got ${MAX_JSON_BYTES + 1})`,
      ),
    );
  });

  it("requiredJson: refuses absent and empty values as not supplied, returns present ones", () => {
    for (const values of [{}, { Tags: "" }] as Record<string, string>[]) {
      expect(refusal(() => imm(values).requiredJson("Tags", "object"))).toEqual({
        status: 400,
        code: "InvalidArgument",
        message: "The parameter Tags is required but not provided.",
      });
    }
    expect(imm({ Tags: "{}" }).requiredJson("Tags", "object")).toEqual({});
  });
});

describe("time and parseRfc3339", () => {
  const rfcRule = (value: string) =>
    `must be an RFC 3339 time such as 2021-06-29T14:50:13+08:00 (got "${value}")`;

  it("reads RFC 3339 times with Z or an offset, with or without fractions; absent or empty is undefined", () => {
    const base = Date.UTC(2021, 5, 29, 6, 50, 13);
    const params = imm({ Empty: "" });
    expect(params.time("Empty")).toBeUndefined();
    expect(params.time("Missing")).toBeUndefined();
    for (const [value, expected] of [
      ["2021-06-29T14:50:13+08:00", base],
      ["2021-06-29T06:50:13Z", base],
      ["2021-06-28T20:50:13-10:00", base],
      ["2021-06-29T06:50:13.5Z", base + 500],
      ["2021-06-29T14:50:13.123+08:00", base + 123],
      ["2021-06-29T06:50:13.123456Z", base + 123],
      ["2021-06-29T06:50:13.987654321Z", base + 987],
    ] as const) {
      expect(imm({ StartTime: value }).time("StartTime")).toBe(expected);
    }
  });

  it.each([
    "2021-06-29",
    "2021-06-29 06:50:13Z",
    "2021-06-29T06:50:13",
    "2021-6-29T06:50:13Z",
    "21-06-29T06:50:13Z",
    "2021-06-29T6:50:13Z",
    "2021-06-29T06:50:13.Z",
    "2021-06-29T06:50:13.1234567890Z",
    "2021-06-29T06:50:13+0800",
    "2021-06-29T06:50:13+8:00",
    "x2021-06-29T06:50:13Z",
    "2021-06-29T06:50:13Zjunk",
    "2021-06-29T06:50:13+08:00junk",
    "1624949413000",
  ])("refuses the non-RFC 3339 text %p, quoting it", (value) => {
    expect(refusal(() => imm({ StartTime: value }).time("StartTime"))).toEqual(
      immInvalid("InvalidStartTime", "StartTime", rfcRule(value)),
    );
  });

  it("refuses a well-formed text that is no date", () => {
    expect(refusal(() => ice({ StartTime: "2021-13-01T00:00:00Z" }).time("StartTime"))).toEqual(
      iceInvalid("StartTime", 'is not a valid date (got "2021-13-01T00:00:00Z")'),
    );
  });

  it("parseRfc3339 reports through the caller's failure function", () => {
    const fail = (rule: string) => new RangeError(`Expiry ${rule}`);
    expect(parseRfc3339("1970-01-01T00:00:01.250Z", fail)).toBe(1250);
    expect(() => parseRfc3339("tomorrow", fail)).toThrow(new RangeError(`Expiry ${rfcRule("tomorrow")}`));
    expect(() => parseRfc3339("2021-02-31T25:00:00Z", fail)).toThrow(
      new RangeError('Expiry is not a valid date (got "2021-02-31T25:00:00Z")'),
    );
  });
});
