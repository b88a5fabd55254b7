/**
 * A loopback HTTP server that answers from a script, for testing the client's transport behaviour
 * (retries, error mapping, headers) with exact control over each response. It records what arrived.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ScriptedReply =
  | { status: number; body: unknown; headers?: Record<string, string>; raw?: false }
  | { status: number; raw: true; body: string; headers?: Record<string, string> }
  | { destroy: true };

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export class ScriptedServer {
  readonly requests: RecordedRequest[] = [];
  private script: ScriptedReply[] = [];
  private fallback: ScriptedReply = { status: 200, body: { RequestId: "FALLBACK" } };

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
  ) {}

  static async start(): Promise<ScriptedServer> {
    const holder: { instance?: ScriptedServer } = {};
    const server = http.createServer((req, res) => holder.instance!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    holder.instance = new ScriptedServer(server, (server.address() as AddressInfo).port);
    return holder.instance;
  }

  get endpoint() {
    return { host: `127.0.0.1:${this.port}`, protocol: "http" as const };
  }

  /** Replies to the next requests in order; after the script runs out, `fallback` answers. */
  reply(...replies: ScriptedReply[]): this {
    this.script.push(...replies);
    return this;
  }

  otherwise(reply: ScriptedReply): this {
    this.fallback = reply;
    return this;
  }

  reset(): void {
    this.script = [];
    this.requests.length = 0;
    this.fallback = { status: 200, body: { RequestId: "FALLBACK" } };
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      this.requests.push({
        method: req.method ?? "",
        url: new URL(req.url ?? "/", "http://127.0.0.1"),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      });
      const reply = this.script.shift() ?? this.fallback;
      if ("destroy" in reply) {
        req.socket.destroy();
        return;
      }
      const text = reply.raw ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        "content-type": reply.raw ? "text/html" : "application/json",
        ...reply.headers,
      });
      res.end(text);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function apiError(
  status: number,
  code: string,
  message = `${code} message`,
  headers?: Record<string, string>,
) {
  return {
    status,
    headers,
    body: {
      RequestId: `REQ-${code}`,
      HostId: "127.0.0.1",
      Code: code,
      Message: message,
      Recommend: "https://example.com",
    },
  };
}
