export type { Action, Actor, Resource } from './access.ts';
export { changesBrandRecords, decideAccess, readsBrandInternals, visibilityOf } from './access.ts';
