import type { IncomingHttpHeaders } from 'node:http';
import { BEARER_PROTOCOL_PREFIX } from '@troupe/client';

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerFromHeaders(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** The offered subprotocols of a websocket handshake, in order. */
export function offeredProtocols(headers: IncomingHttpHeaders): string[] {
  const header = headers['sec-websocket-protocol'];
  if (header === undefined) return [];
  return header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** The token a browser offered as subprotocol `troupe.bearer.<base64url(token)>`. */
export function bearerFromProtocols(protocols: readonly string[]): string | undefined {
  const offered = protocols.find((protocol) => protocol.startsWith(BEARER_PROTOCOL_PREFIX));
  if (offered === undefined) return undefined;
  const encoded = offered.slice(BEARER_PROTOCOL_PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
  return Buffer.from(encoded, 'base64url').toString('utf8');
}
