import { NotFoundException } from '@nestjs/common';
import { AllExceptionsFilter } from './http-exception.filter';

/** The body shape of errors Fastify raises while reading a request body (before any route runs). */
describe('AllExceptionsFilter.toBody', () => {
  const filter = new AllExceptionsFilter({ bodyLimit: '1mb' } as never);
  const fastifyError = (code: string, statusCode: number) => Object.assign(new Error(code), { code, statusCode });

  it('names the body limit on 413', () => {
    expect(filter.toBody(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413))).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'The request body is larger than the limit of 1MB (1048576 bytes)',
      details: [],
    });
  });

  it('says a body shorter or longer than its Content-Length is that, not bad JSON', () => {
    expect(filter.toBody(fastifyError('FST_ERR_CTP_INVALID_CONTENT_LENGTH', 400))).toMatchObject({
      statusCode: 400,
      message: 'The request body is not as long as its Content-Length header says',
    });
  });

  it('an empty JSON body is not valid JSON', () => {
    expect(filter.toBody(fastifyError('FST_ERR_CTP_EMPTY_JSON_BODY', 400))).toMatchObject({ statusCode: 400, message: 'The request body is not valid JSON' });
  });

  it('keeps HttpExceptions as they are and hides anything else behind a 500', () => {
    expect(filter.toBody(new NotFoundException('Goal not found'))).toMatchObject({ statusCode: 404, message: 'Goal not found' });
    expect(filter.toBody(new Error('connection reset'))).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side',
      details: [],
    });
  });
});
