// Browser-mode request checks: bearer token, Host (DNS rebinding) and Origin, and the page's CSP.
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The Content-Security-Policy of the page: no eval, scripts only from us. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Monaco injects its styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A fresh access token: 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time check of an `Authorization: Bearer <token>` header. */
export function hasValidToken(header: string | undefined, token: string): boolean {
  if (!header || !header.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length).trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The loopback hosts browser mode may listen on, and the only names it answers to. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'] as const;
export type LoopbackHost = (typeof LOOPBACK_HOSTS)[number];

/** The host browser mode listens on unless told otherwise. */
export const DEFAULT_HOST: LoopbackHost = '127.0.0.1';

/** True for one of the loopback hosts. */
export function isLoopbackHost(host: string): host is LoopbackHost {
  return (LOOPBACK_HOSTS as readonly string[]).includes(host);
}

/** `host:port` as a URL or a Host header writes it (IPv6 in brackets). */
export function hostWithPort(host: LoopbackHost, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The Host values we answer to: loopback names with our port. */
export function allowedHosts(port: number): Set<string> {
  return new Set(LOOPBACK_HOSTS.map((host) => hostWithPort(host, port)));
}

/** True when the Host header names us (anything else may be DNS rebinding). */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).has(host.toLowerCase());
}

/** True when there is no Origin header or it is our own origin. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  const hosts = allowedHosts(port);
  return [...hosts].some((host) => origin.toLowerCase() === `http://${host}`);
}
