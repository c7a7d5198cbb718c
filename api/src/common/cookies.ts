import { parse, serialize, type SerializeOptions } from 'cookie';
import type { FastifyInstance, FastifyReply } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's cookies by name (parsed from the Cookie header when first read). */
    readonly cookies: Record<string, string | undefined>;
  }
}

const parsed = new WeakMap<object, Record<string, string | undefined>>();

/** `req.cookies`: the Cookie header parsed (by the `cookie` package) on first use, once per request. */
export function registerCookies(instance: FastifyInstance): void {
  instance.decorateRequest('cookies', {
    getter(this: { headers: { cookie?: string } }) {
      let cookies = parsed.get(this);
      if (!cookies) {
        cookies = this.headers.cookie ? parse(this.headers.cookie) : {};
        parsed.set(this, cookies);
      }
      return cookies;
    },
  });
}

/** Adds a Set-Cookie header to the answer (Fastify keeps every Set-Cookie header given). */
export function setCookie(reply: FastifyReply, name: string, value: string, options: SerializeOptions): void {
  void reply.header('set-cookie', serialize(name, value, options));
}

/** Expires the cookie at once; `options` must name the path (and domain) it was set with. */
export function clearCookie(reply: FastifyReply, name: string, options: SerializeOptions): void {
  setCookie(reply, name, '', { ...options, maxAge: undefined, expires: new Date(0) });
}
