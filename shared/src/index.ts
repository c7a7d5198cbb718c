export * from './permissions';
export * from './errors';
export * from './queues';
export * from './schemas/common';
export * from './schemas/auth';
export * from './schemas/collaboration';
export * from './schemas/partners';
export * from './format';
