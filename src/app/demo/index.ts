export type { DemoSeedReport } from './seed-demo.ts';
export { findDemoTenant, seedDemo } from './seed-demo.ts';
