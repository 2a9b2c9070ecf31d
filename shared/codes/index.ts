export * from './table';
export * from './person';
export * from './grid';
export * from './ledger';
export * from './crimes';
export * from './region';
export * from './event';
