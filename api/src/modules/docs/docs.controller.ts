import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../../common/access.decorators';
import { DocsService } from './docs.service';

@Controller('docs')
export class DocsController {
  constructor(private readonly docs: DocsService) {}

  /** The OpenAPI 3.1 document (JSON). */
  @Get()
  @Public()
  openApi() {
    return this.docs.openApi();
  }

  /** A readable list of the operations, rendered on the server (no scripts). */
  @Get('ui')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  page(): string {
    return this.docs.html();
  }
}
