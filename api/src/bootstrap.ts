import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
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

/** Build the configured Nest application (used by main.ts and by the tests). */
export async function createApp(config: AppConfig, opts: { logger?: boolean } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), new ExpressAdapter(), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
    logger: opts.logger === false ? false : undefined,
  });
  if (opts.logger !== false) app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  app.set('x-powered-by', false);
  // Strict headers everywhere, except the public shared-dashboard page (/share/<token>), which
  // any site may embed in an iframe: frame-ancestors * and no X-Frame-Options for that page only.
  const strictHeaders = helmet({ contentSecurityPolicy: { directives: cspDirectives(["'self'"]) } });
  const embeddableHeaders = helmet({ contentSecurityPolicy: { directives: cspDirectives(['*']) }, xFrameOptions: false });
  app.use((req: Request, res: Response, next: NextFunction) =>
    (isEmbeddablePage(req.method, req.path) ? embeddableHeaders : strictHeaders)(req, res, next),
  );
  app.use(cookieParser());
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.enableCors({
    origin: (origin, cb) => cb(null, !origin || config.corsOrigins.includes(origin) ? origin ?? false : false),
    credentials: true,
  });
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();

  const webDist = config.webDist ?? join(__dirname, '..', '..', 'web', 'dist');
  if (existsSync(join(webDist, 'index.html'))) {
    app.useStaticAssets(webDist, { index: false, maxAge: '1h', immutable: false });
    // Single-page app: any non-API GET falls back to index.html.
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || req.path.startsWith('/api')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(webDist, 'index.html'));
    });
  }
  return app;
}
