/**
 * `pulumi-resource-alicloud-media`: the provider plugin's process. The engine starts it with its own
 * address as the first argument and reads the port from the first line of standard output; the
 * plugin then serves until the engine closes it (SIGINT, see host.ts).
 */
import { connectEngine, installStopHandlers } from "./host";
import { serve } from "./server";

async function main(args: string[]): Promise<void> {
  installStopHandlers();
  connectEngine(args.find((arg) => !arg.startsWith("-")));
  const port = await serve();
  process.stdout.write(`${port}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `pulumi-resource-alicloud-media: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
