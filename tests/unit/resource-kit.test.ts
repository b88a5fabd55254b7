import { describe, expect, it } from "@jest/globals";
import {
  outcomeUnknown,
  pages,
  stillThere,
  unlessNotFound,
  identitySuffix,
} from "../../provider/framework/kit";
import type { FieldTrait } from "../../provider/framework/spec";
import { changedWireParams, wire, wireParams } from "../../provider/framework/wire";
import { editingProjectSpec } from "../../provider/ice/editing-project";
import { datasetSpec } from "../../provider/imm/dataset";
import { projectSpec } from "../../provider/imm/project";
import { AlibabaApiError } from "../../provider/runtime/errors";

const apiError = (code: string, httpStatus?: number) =>
  new AlibabaApiError({ action: "A", kind: "api", code, apiMessage: "m", httpStatus });

describe("field traits build the update call", () => {
  const fields: Record<string, FieldTrait> = {
    name: { mode: "replace", wire: wire("Name") },
    description: { mode: "update", default: "", wire: wire("Description") },
    quota: { mode: "update", default: "10", wire: wire("Quota", "int64String") },
    config: { mode: "update", wire: wire("Config", "json", "") },
    ids: { mode: "update", wire: wire("Ids", "commaList") },
    tags: { mode: "update", default: {}, wire: wire("Tag", (t) => Object.keys(t as object), []) },
    cover: { mode: "update", wire: wire("Cover") },
    waitTimeoutSeconds: { mode: "ignore" },
  };

  it("encodes each changed field and sends the reset value for a removed one", () => {
    const params = changedWireParams(
      "t:T",
      fields,
      ["description", "quota", "config", "ids", "tags", "cover"],
      { quota: "0009", config: '{ "b": 1 }', ids: ["a", "b"], tags: { k: "v" } },
    );
    expect(params).toEqual({
      Description: "",
      Quota: "9",
      Config: '{"b":1}',
      Ids: "a,b",
      Tag: ["k"],
      Cover: undefined,
    });
    expect(changedWireParams("t:T", fields, ["quota", "config", "tags"], {})).toEqual({
      Quota: "10",
      Config: "",
      Tag: [],
    });
  });

  it("refuses a field that has no parameter or that only a replacement changes", () => {
    expect(() => changedWireParams("t:T", fields, ["waitTimeoutSeconds"], {})).toThrow(
      "t:T cannot update waitTimeoutSeconds in place",
    );
    expect(() => changedWireParams("t:T", fields, ["name"], { name: "x" })).toThrow(
      "t:T cannot update name in place",
    );
  });

  it("builds a create request from every declared field with a parameter", () => {
    expect(wireParams(fields, { name: "n", quota: 12, waitTimeoutSeconds: 5 })).toEqual({
      Name: "n",
      Quota: "12",
    });
  });

  it.each([
    ["imm:Project", projectSpec.fields],
    ["imm:Dataset", datasetSpec.fields],
    ["ice:EditingProject", editingProjectSpec.fields],
  ])("every in-place field of %s has a wire parameter", (_type, specFields) => {
    const inPlace = Object.entries(specFields).filter(([, trait]) => trait.mode === "update");
    expect(inPlace.length).toBeGreaterThan(0);
    expect(inPlace.filter(([, trait]) => !trait.wire).map(([key]) => key)).toEqual([]);
  });
});

describe("resource kit", () => {
  it("unlessNotFound turns only a not-found answer into undefined", async () => {
    await expect(unlessNotFound(Promise.reject(apiError("ResourceNotFound", 404)))).resolves.toBeUndefined();
    await expect(unlessNotFound(Promise.resolve(7))).resolves.toBe(7);
    await expect(unlessNotFound(Promise.reject(apiError("AccessDenied", 403)))).rejects.toThrow(
      "AccessDenied",
    );
  });

  it("outcomeUnknown: lost or server-failed answers, never a provably refused request", () => {
    const transport = (code: string, ambiguous: boolean) =>
      new AlibabaApiError({ action: "A", kind: "transport", code, apiMessage: "m", ambiguous });
    expect(outcomeUnknown(transport("ECONNRESET", true))).toBe(true);
    expect(outcomeUnknown(transport("ECONNREFUSED", false))).toBe(false);
    expect(outcomeUnknown(apiError("InternalError", 500))).toBe(true);
    expect(outcomeUnknown(apiError("ServiceUnavailable", 503))).toBe(false);
    expect(outcomeUnknown(apiError("Throttling.User", 400))).toBe(false);
    expect(outcomeUnknown(apiError("InvalidArgument", 400))).toBe(false);
    expect(outcomeUnknown(new Error("x"))).toBe(false);
  });

  it("pages follows NextToken and stops when the caller leaves the loop", async () => {
    const seen: (string | undefined)[] = [];
    const fetch = async (token: string | undefined) => {
      seen.push(token);
      return { NextToken: token === undefined ? "2" : token === "2" ? "3" : "", Items: [token] };
    };
    const all = [];
    for await (const page of pages(fetch)) all.push(...page.Items);
    expect(all).toEqual([undefined, "2", "3"]);
    seen.length = 0;
    for await (const page of pages(fetch)) if (page.Items[0] === undefined) break;
    expect(seen).toEqual([undefined]);
  });

  it("stillThere names the object that vanished during an update", () => {
    expect(stillThere(1, "x")).toBe(1);
    expect(() => stillThere(undefined, "project p")).toThrow("project p disappeared during the update");
  });

  it("identitySuffix is the same for one identity and scope, and differs otherwise", () => {
    const suffix = identitySuffix(8, (inputs) => [inputs.projectName]);
    const inputs = { __identity: "org::urn:pulumi:dev::app::t::a", projectName: "p" };
    expect(suffix("a", inputs)).toMatch(/^[0-9a-f]{8}$/);
    expect(suffix("a", inputs)).toBe(suffix("a", { ...inputs }));
    expect(suffix("a", { ...inputs, projectName: "q" })).not.toBe(suffix("a", inputs));
    expect(suffix("a", { ...inputs, __identity: "org::other" })).not.toBe(suffix("a", inputs));
  });
});
