import 'reflect-metadata';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import bytes from 'bytes';
import { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import pino from 'pino';
import { AppModule } from './app.module';
import { registerCookies } from './common/cookies';
import { AppError } from './common/errors';
import { logRequests, pinoOptions } from './common/request-log';
import type { AppConfig } from './config/config';

function cspDirectives(frameAncestors: string[]) {
  return {
    defaultSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    scriptSrc: ["'self'"],
    connectSrc: ["'self'"],
    frameAncestors,
  };
}

/** The public shared-dashboard page (the web app's /share/:token route): the only page other sites may frame. */
export function isEmbeddablePage(method: string, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && /^\/share\/[A-Za-z0-9_-]+\/?$/.test(path);
}

/** A request id: the caller's X-Request-Id when it is a plain token, else a new UUID. */
function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && /^[\w-]{1,100}$/.test(incoming) ? incoming : randomUUID();
}

const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
};

/**
 * Request bodies: JSON (an empty body is no body), multipart left unread for the upload routes'
 * own streaming parser (busboy), and anything else read up to the limit and ignored, as before.
 */
function registerBodyParsers(instance: FastifyInstance, bodyLimit: number): void {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new AppError(400, 'The request body is not valid JSON'), undefined);
    }
  });
  instance.addContentTypeParser('multipart/form-data', (_req, _payload, done) => done(null));
  instance.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, _body, done) => done(null, undefined));
}

/** Build the configured Nest application on Fastify (used by main.ts and by the tests). */
export async function createApp(config: AppConfig, opts: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  const bodyLimit = bytes.parse(config.bodyLimit) ?? 1024 * 1024;
  const { trustProxy } = config;
  // One pino instance: Fastify's request loggers and Nest's application logger (nestjs-pino).
  const logger = pino(pinoOptions(config.logLevel));
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // Fastify's own two lines per request are off: logRequests writes one (common/request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestId,
    requestIdHeader: false,
    // A number trusts that many proxy hops, as Express did.
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    bodyLimit,
    routerOptions: { ignoreTrailingSlash: true },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger), adapter, {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
    logger: opts.logger === false ? false : undefined,
  });
  if (opts.logger !== false) app.useLogger(app.get(Logger));
  const instance = app.getHttpAdapter().getInstance() as FastifyInstance;
  registerBodyParsers(instance, bodyLimit);

  // Strict headers everywhere, except the public shared-dashboard page (/share/<token>), which
  // any site may embed in an iframe: frame-ancestors * and no X-Frame-Options for that page only.
  // helmet sets headers on the Node response, which Fastify's answer keeps.
  const strictHeaders = helmet({ contentSecurityPolicy: { directives: cspDirectives(["'self'"]) } });
  const embeddableHeaders = helmet({ contentSecurityPolicy: { directives: cspDirectives(['*']) }, xFrameOptions: false });
  instance.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    reply.header('x-request-id', req.id);
    (isEmbeddablePage(req.method, pathOf(req.url)) ? embeddableHeaders : strictHeaders)(req.raw, reply.raw, (err) => done(err as Error | undefined));
  });
  logRequests(instance);
  registerCookies(instance);
  app.enableCors({
    origin: (origin, cb) => cb(null, !origin || config.corsOrigins.includes(origin) ? origin ?? false : false),
    credentials: true,
  });
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();

  const webDist = config.webDist ?? join(__dirname, '..', '..', 'web', 'dist');
  if (existsSync(join(webDist, 'index.html'))) {
    // The built files by their own paths (registered at start), and the single-page app's
    // index.html for any other GET outside /api.
    await app.register(fastifyStatic, { root: webDist, index: false, wildcard: false, maxAge: '1h', immutable: false });
    instance.get('/*', (req, reply) => {
      if (pathOf(req.url).startsWith('/api')) {
        throw new AppError(404, `Cannot GET ${pathOf(req.url)}`);
      }
      reply.header('Cache-Control', 'no-cache');
      return reply.sendFile('index.html', { maxAge: 0 });
    });
  }
  return app;
}

/** Initialise the application and its HTTP server (Fastify's plugins and routes), without listening. */
export async function initApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  await app.init();
  await (app.getHttpAdapter().getInstance() as FastifyInstance).ready();
  return app;
}
