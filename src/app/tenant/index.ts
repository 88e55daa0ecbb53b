export { createTenant } from './create-tenant.ts';
export { findTenant } from './find-tenant.ts';
