/** Writing answers: JSON bodies, and errors in the documented POP shape. */
import type { ServerResponse } from "node:http";
import type { ApiError, Product } from "./errors";

export function send(
  response: ServerResponse,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json;charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...(typeof body.RequestId === "string" ? { "x-acs-request-id": body.RequestId } : {}),
    ...headers,
  });
  response.end(text);
}

/** The gateway's error body: `{RequestId, HostId, Code, Message, Recommend}`. */
export function sendError(
  response: ServerResponse,
  error: ApiError,
  where: { id: string; hostId: string; product?: Product | undefined },
): void {
  const product = (where.product ?? "imm").toUpperCase();
  send(
    response,
    error.status,
    {
      RequestId: where.id,
      HostId: where.hostId,
      Code: error.code,
      Message: error.message,
      Recommend: `https://next.api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${product}`,
    },
    error.headers,
  );
}
