import { Injectable } from '@nestjs/common';
import { ApplicationConfig, ModulesContainer } from '@nestjs/core';
import { buildRouteInventory, type RouteInventoryEntry } from '../../common/route-inventory';
import { renderDocsPage } from './docs-page';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi';

/** Builds the document once, on first use (every route is registered by then). */
@Injectable()
export class DocsService {
  private document: OpenApiDocument | null = null;
  private page: string | null = null;

  constructor(
    private readonly modules: ModulesContainer,
    private readonly appConfig: ApplicationConfig,
  ) {}

  routes(): RouteInventoryEntry[] {
    return buildRouteInventory(this.modules, this.appConfig);
  }

  openApi(): OpenApiDocument {
    return (this.document ??= buildOpenApiDocument(this.routes()));
  }

  html(): string {
    return (this.page ??= renderDocsPage(this.openApi()));
  }
}
