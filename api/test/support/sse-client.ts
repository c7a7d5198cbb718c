import http from 'node:http';

/** One server-sent event as EventSource reads it. */
export interface SseEvent {
  event: string;
  data: string;
}

export interface SseClient {
  status: number;
  events: SseEvent[];
  /** Resolves with the first event (already received or not) that matches. */
  next: (match: (e: SseEvent) => boolean, timeoutMs?: number) => Promise<SseEvent>;
  close: () => void;
  /** Everything received, comments (heartbeats) included. */
  body: () => string;
}

/**
 * Opens a stream the way EventSource does: a plain HTTP GET with `Accept: text/event-stream`,
 * parsing `event:`/`data:` blocks (several data lines joined by newlines; comment lines skipped).
 */
export function connectSse(o: { port: number; path: string; cookie: string; accept?: string }): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: o.port, path: o.path, headers: { accept: o.accept ?? 'text/event-stream', cookie: o.cookie } }, (res) => {
      const events: SseEvent[] = [];
      const waiters: Array<{ match: (e: SseEvent) => boolean; done: (e: SseEvent) => void }> = [];
      let buffer = '';
      let raw = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const e: SseEvent = { event: 'message', data: '' };
          let hasField = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const [field, ...rest] = line.split(':');
            const v = rest.join(':').replace(/^ /, '');
            if (field === 'event') {
              e.event = v;
              hasField = true;
            }
            if (field === 'data') {
              e.data = e.data ? `${e.data}\n${v}` : v;
              hasField = true;
            }
          }
          if (!hasField) continue;
          events.push(e);
          for (const w of [...waiters]) {
            if (!w.match(e)) continue;
            waiters.splice(waiters.indexOf(w), 1);
            w.done(e);
          }
        }
      });
      resolve({
        status: res.statusCode ?? 0,
        events,
        body: () => raw,
        next: (match, timeoutMs = 10_000) =>
          new Promise((ok, fail) => {
            const found = events.find(match);
            if (found) return ok(found);
            const timer = setTimeout(() => fail(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`)), timeoutMs);
            waiters.push({
              match,
              done: (e) => {
                clearTimeout(timer);
                ok(e);
              },
            });
          }),
        close: () => req.destroy(),
      });
    });
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
  });
}
