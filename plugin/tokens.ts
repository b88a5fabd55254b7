/** Type tokens: the plugin's package and the dynamic resources' tokens (for aliases and migration). */
export const PACKAGE = "alicloud-media";

/** `imm:Dataset` → `alicloud-media:imm:Dataset`. */
export function resourceToken(specType: string): string {
  return `${PACKAGE}:${specType}`;
}

/** `imm:Dataset` → the dynamic resource's token, `pulumi-nodejs:dynamic/alicloud-media/imm:Dataset`. */
export function dynamicToken(specType: string): string {
  return `pulumi-nodejs:dynamic/${PACKAGE}/${specType}`;
}

/** `alicloud-media:imm:Dataset` → `imm:Dataset`; undefined for a token of another package. */
export function specTypeOf(token: string): string | undefined {
  return token.startsWith(`${PACKAGE}:`) ? token.slice(PACKAGE.length + 1) : undefined;
}
