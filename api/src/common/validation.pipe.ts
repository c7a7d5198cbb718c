import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { zodDetails } from '@constellation/shared';
import { ZodType } from 'zod';
import { ValidationFailed } from './errors';

/**
 * Global pipe: validates any parameter declared with `{ schema }` (a zod schema from
 * @constellation/shared), e.g. `@Body({ schema: signUpSchema })`. Unknown fields are
 * rejected by the strict schemas; errors name the field path.
 */
@Injectable()
export class ZodValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const schema = metadata.schema;
    if (!schema) return value;
    if (!(schema instanceof ZodType)) throw new Error('Only zod schemas are supported');
    const input = metadata.type === 'body' && value === undefined ? {} : value;
    const result = schema.safeParse(input);
    if (result.success) return result.data;
    const prefix = metadata.type === 'body' ? '' : metadata.type === 'param' ? 'params' : 'query';
    const prefixed = metadata.type === 'param' && metadata.data ? `params.${metadata.data}` : prefix;
    throw new ValidationFailed(zodDetails(result.error, prefixed));
  }
}
