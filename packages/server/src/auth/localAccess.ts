import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { TroupeError } from '@troupe/sdk';

/** True for addresses and names that only the local machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (bare.toLowerCase().startsWith('::ffff:')) return isIP(bare.slice(7)) === 4 && bare.slice(7).startsWith('127.');
  return false;
}

function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  const colon = hostHeader.lastIndexOf(':');
  return colon === -1 ? hostHeader : hostHeader.slice(0, colon);
}

/**
 * Without tokens the server trusts whoever reaches it on loopback, so it must
 * not be reachable by a web page through the user's browser: a Host header
 * that is not a loopback name (DNS rebinding) or an Origin of another site
 * (cross-site websocket or fetch) is refused.
 */
export function checkLocalRequest(headers: IncomingHttpHeaders): void {
  const host = headers.host;
  if (host !== undefined && !isLoopbackHost(hostnameOf(host))) {
    throw new TroupeError('E_FORBIDDEN', { action: `be reached as "${host}" without a token`, scope: 'a loopback host name, or configure server.tokens' });
  }
  const origin = headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let originHost: string;
    try {
      originHost = new URL(origin).hostname;
    } catch {
      originHost = '';
    }
    if (!isLoopbackHost(originHost)) {
      throw new TroupeError('E_FORBIDDEN', { action: `be used from the web origin ${origin} without a token`, scope: 'a page served from a loopback origin, or configure server.tokens' });
    }
  } else if (origin === 'null') {
    throw new TroupeError('E_FORBIDDEN', { action: 'be used from an opaque web origin without a token', scope: 'configure server.tokens' });
  }
}
