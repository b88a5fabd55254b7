/**
 * imm.OssBucketAttachment through the generic lifecycle and the real openapi-client, over HTTP,
 * against the local emulator: attach to a project of the stack, a no-op second check, every field a
 * delete-first replacement, detach; field-named check failures; an interrupted create taken over
 * (the project carries the stack's marker); a bucket attached elsewhere refused with the adopt hint,
 * and adopted when asked; a lost AttachOSSBucket answer resolved without a failure.
 */
import { ossBucketAttachmentSpec } from "../../provider/imm/oss-bucket-attachment";
import { projectSpec } from "../../provider/imm/project";
import { imm } from "../../provider/operations";
import { failure, identity, up, useHarness } from "./support";

const h = useHarness({});
const lifecycle = () => h.lifecycle(ossBucketAttachmentSpec);
const calls = (action: string) => h.emulator.stats().requests[action] ?? 0;
const stored = () => Object.values(h.emulator.resources()["imm.ossBucketAttachments"] ?? {});
const declared = (extra: Record<string, unknown> = {}) => ({
  ...identity("imm:OssBucketAttachment", "thumbs"),
  projectName: "stack-project",
  ossBucket: "photos",
  description: "thumbnails",
  ...extra,
});

beforeEach(async () => {
  // A project of this stack: it carries the stack's marker tag.
  await up(h.lifecycle(projectSpec), { ...identity("imm:Project", "media"), projectName: "stack-project" });
  await h.clients().imm.call(imm.CreateProject, { ProjectName: "other-project" });
});

it("attaches; a second check is no change; every field replaces delete-first; detach", async () => {
  const attachments = lifecycle();
  const { created } = await up(attachments, declared());
  expect(created.id).toBe("photos");
  expect(created.outs).toMatchObject({
    ossBucket: "photos",
    projectName: "stack-project",
    description: "thumbnails",
  });
  const again = await attachments.check(created.outs, declared());
  expect((await attachments.diff(created.id, created.outs, again.inputs)).changes).toBe(false);
  for (const change of [
    { description: "other" },
    { projectName: "other-project" },
    { ossBucket: "videos" },
  ]) {
    const news = (await attachments.check(created.outs, declared(change))).inputs;
    expect(await attachments.diff(created.id, created.outs, news)).toMatchObject({
      replaces: Object.keys(change),
      deleteBeforeReplace: true,
    });
  }
  const bare = (await attachments.check(created.outs, declared({ description: undefined }))).inputs;
  expect((await attachments.diff(created.id, created.outs, bare)).replaces).toEqual(["description"]);
  await attachments.delete(created.id, created.outs);
  expect(stored()).toEqual([]);
  expect(await attachments.read(created.id, created.outs)).toEqual({});
});

it("refuses bad input at its field", async () => {
  const { failures } = await lifecycle().check(
    {},
    declared({ ossBucket: "Bad_Bucket", description: "d".repeat(129), projectName: "" }),
  );
  expect([...new Set(failures.map((f) => f.property))].sort()).toEqual([
    "description",
    "ossBucket",
    "projectName",
  ]);
  expect(failures.find((f) => f.property === "ossBucket")!.reason).toMatch(/OSS bucket name/);
});

it("takes over its own interrupted create: the bucket attached to the stack's project", async () => {
  await h.clients().imm.call(imm.AttachOSSBucket, { ProjectName: "stack-project", OSSBucket: "photos" });
  const { created } = await up(lifecycle(), declared({ description: undefined }));
  expect(created.id).toBe("photos");
  expect(h.logs.some((line) => /attachment of bucket photos .* taking it over/.test(line))).toBe(true);
  expect(calls("AttachOSSBucket")).toBe(2);
});

it("refuses a bucket attached to another project with the adopt hint; adopts it when asked", async () => {
  await h.clients().imm.call(imm.AttachOSSBucket, { ProjectName: "other-project", OSSBucket: "photos" });
  const attachments = lifecycle();
  const { inputs } = await attachments.check({}, declared());
  const error = await failure(attachments.create(inputs));
  expect(error.message).toContain("the attachment of bucket photos to project other-project already exists");
  expect(error.message).toContain("attached to another project than stack-project");
  expect(error.message).toContain("adopt: true");
  const adopt = (
    await attachments.check(
      {},
      declared({ projectName: "other-project", description: undefined, adopt: true }),
    )
  ).inputs;
  const adopted = await attachments.create(adopt);
  expect(adopted.outs).toMatchObject({ projectName: "other-project" });
  expect(stored()).toHaveLength(1);
});

it("a lost AttachOSSBucket answer: the repeat finds it attached and takes it over", async () => {
  h.emulator.setFaults({ lostResponseRate: 1, actions: ["AttachOSSBucket"] });
  h.beforeRetry = () => h.emulator.setFaults({});
  const { created } = await up(lifecycle(), declared());
  expect(created.outs).toMatchObject({ projectName: "stack-project", description: "thumbnails" });
  expect(stored()).toHaveLength(1);
});
