export type { Action, Actor, Resource } from './access.ts';
export { decideAccess, visibilityOf } from './access.ts';
