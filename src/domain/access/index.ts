export type { Action, Actor, Resource } from './access.ts';
export { decideAccess, readsBrandInternals, visibilityOf } from './access.ts';
