export * from './granularity';
export * from './months';
export * from './keys';
export * from './arithmetic';
export * from './labels';
