export { createUnit } from './create-unit.ts';
export { deleteUnit } from './delete-unit.ts';
export { listUnits } from './list-units.ts';
export { registerUnit } from './register-unit.ts';
export { showUnit, showUnitBySerial } from './show-unit.ts';
export type { PartyRef, UnitView } from './unit-view.ts';
export { loadVisibleUnit, UNIT_NOT_FOUND, visibleUnits } from './unit-view.ts';
export { updateUnit } from './update-unit.ts';
