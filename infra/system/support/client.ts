import http from 'node:http';
import { randomBytes } from 'node:crypto';

/**
 * A person using the api over HTTP, as the browser does: the session and CSRF cookies from
 * sign-up, and `X-CSRF-Token` on every write.
 */
export interface Answer<T = unknown> {
  status: number;
  body: T;
}

const PASSWORD = 'system test passphrase with several words';

export class Person {
  private cookies = new Map<string, string>();

  private constructor(
    readonly baseUrl: string,
    readonly email: string,
  ) {}

  /** POST /api/auth/sign-up: a new account, signed in. */
  static async signUp(baseUrl: string, label: string): Promise<Person> {
    const email = `${label}-${randomBytes(4).toString('hex')}@system.test`;
    const person = new Person(baseUrl, email);
    await person.expect(201, 'POST', '/api/auth/sign-up', {
      email,
      name: `System ${label}`,
      password: PASSWORD,
    });
    if (!person.cookies.has('constellation_session'))
      throw new Error('sign-up did not set the session cookie');
    return person;
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const h: Record<string, string> = { accept: 'application/json', ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader;
    const csrf = this.cookies.get('constellation_csrf');
    if (csrf && method !== 'GET') h['x-csrf-token'] = csrf;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T };
  }

  /** The request, failing with the api's answer when the status is not the expected one. */
  async expect<T = unknown>(
    status: number,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T> {
    const res = await this.request<T>(method, path, body, headers);
    if (res.status !== status) {
      throw new Error(
        `${method} ${path} answered ${res.status} (expected ${status}): ${JSON.stringify(res.body).slice(0, 2000)}`,
      );
    }
    return res.body;
  }
}

export interface SseEvent {
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  events: SseEvent[];
  /** The first matching event (already received or still to come) at index `from` (default 0) or later. */
  next(match: (e: SseEvent) => boolean, opts?: { from?: number; timeoutMs?: number }): Promise<SseEvent>;
  close(): void;
}

/** GET …/events with `Accept: text/event-stream`, parsed the way EventSource parses it. */
export function openEvents(person: Person, collaborationId: string): Promise<SseStream> {
  const url = new URL(`${person.baseUrl}/api/collaborations/${collaborationId}/events`);
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        headers: { accept: 'text/event-stream', cookie: person.cookieHeader },
      },
      (res) => {
        const events: SseEvent[] = [];
        const waiters: Array<{ match: (e: SseEvent) => boolean; done: (e: SseEvent) => void }> = [];
        let buffer = '';
        res.setEncoding('utf8');
        res.on('error', () => undefined); // close() destroys the request on purpose
        res.on('data', (chunk: string) => {
          buffer += chunk.replace(/\r\n/g, '\n');
          let at: number;
          while ((at = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, at);
            buffer = buffer.slice(at + 2);
            const e: SseEvent = { event: 'message', data: '' };
            let hasField = false;
            for (const line of block.split('\n')) {
              if (line.startsWith(':') || line === '') continue;
              const colon = line.indexOf(':');
              const field = colon < 0 ? line : line.slice(0, colon);
              const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === 'event') e.event = value;
              else if (field === 'data') e.data = hasField && e.data ? `${e.data}\n${value}` : value;
              else continue;
              hasField = true;
            }
            if (!hasField) continue;
            events.push(e);
            for (const w of [...waiters]) {
              if (w.match(e)) {
                waiters.splice(waiters.indexOf(w), 1);
                w.done(e);
              }
            }
          }
        });
        resolve({
          status: res.statusCode ?? 0,
          events,
          next: (match, { from = 0, timeoutMs = 60_000 } = {}) =>
            new Promise((done, fail) => {
              const found = events.slice(from).find(match);
              if (found) return done(found);
              const timer = setTimeout(() => {
                waiters.splice(waiters.indexOf(waiter), 1);
                fail(
                  new Error(
                    `no matching event within ${timeoutMs / 1000} s; received: ${JSON.stringify(events)}`,
                  ),
                );
              }, timeoutMs);
              const waiter = {
                match,
                done: (e: SseEvent) => {
                  clearTimeout(timer);
                  done(e);
                },
              };
              waiters.push(waiter);
            }),
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
  });
}
