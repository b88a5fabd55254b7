/**
 * What a destroy should leave in the emulator: nothing, except records the real APIs keep and offer no
 * way to delete. Those are listed with the reason, so "the emulator is empty" stays a strict check
 * (used by the quickstart, the tests and `pulumi-alicloud-media/testing`).
 */
export const RECORDS_WITHOUT_DELETE: Readonly<Record<string, string>> = {
  "imm.tasks": "IMM keeps task records (GetTask) for 7 days and has no API to delete them",
  "ice.yikeJobs": "ICE has no API to delete a storyboard job; destroy removes it from state only",
  "ice.mediaProducingJobs":
    "ICE has no API to delete a media producing job; destroy removes it from state only",
  "ice.mediaProducingJobTokens": "the client tokens of those jobs, kept as long as the jobs are",
};

/** Every object of `resources()` (table → key → row) that a destroy should have removed, as `table/key`. */
export function objectsLeft(resources: Record<string, Record<string, unknown>>): string[] {
  return Object.entries(resources)
    .filter(([table]) => !Object.hasOwn(RECORDS_WITHOUT_DELETE, table))
    .flatMap(([table, rows]) => Object.keys(rows).map((key) => `${table}/${key}`));
}
