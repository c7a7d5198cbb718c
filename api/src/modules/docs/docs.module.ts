import { Module } from '@nestjs/common';
import { DocsController } from './docs.controller';
import { DocsService } from './docs.service';

/** GET /api/docs (OpenAPI 3.1, generated from the routes and their zod schemas) and /api/docs/ui. */
@Module({ controllers: [DocsController], providers: [DocsService] })
export class DocsModule {}
