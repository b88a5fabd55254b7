/**
 * Which of a resource's inputs are Pulumi secrets, told to the provider as `__secretInputs`.
 *
 * The dynamic-provider host accepts no secrets: the engine hands it every input as a plain value, so
 * the provider cannot tell a secret from any other string. A check failure quotes the value it
 * refuses; for an input the program marked secret that would print the secret in `pulumi preview`
 * output and CI logs. The program side still knows (`pulumi.isSecret`), so every class sends the
 * names of its secret arguments, and the provider's check describes their values without quoting them.
 *
 * The list itself is passed through a plain promise: it holds names only, must not become a secret
 * itself, and must not make the resource depend on its arguments' resources a second time.
 */
import * as pulumi from "@pulumi/pulumi";

/** The input key; the provider reads it (provider/framework/lifecycle.ts check). */
export const SECRET_INPUTS_KEY = "__secretInputs";

export function secretInputs(args: object): Record<string, pulumi.Output<string[]>> {
  const names = Promise.all(
    Object.entries(args)
      .filter(([, value]) => value !== undefined)
      .map(async ([key, value]) => ((await pulumi.isSecret(pulumi.output(value))) ? key : undefined)),
  ).then((keys) => keys.filter((key): key is string => key !== undefined).sort());
  return { [SECRET_INPUTS_KEY]: pulumi.output(names) };
}
