import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';
import { loadVisibleUnit, toUnitViews, UNIT_NOT_FOUND, type UnitView, visibleUnits } from './unit-view.ts';

export async function showUnit(deps: AppDeps, actor: Actor, unitId: string): Promise<UnitView> {
  const row = await loadVisibleUnit(deps.db, actor, unitId);
  const [view] = await toUnitViews(deps.db, actor, [row]);
  return view!;
}

export async function showUnitBySerial(deps: AppDeps, actor: Actor, serial: string): Promise<UnitView> {
  const row = await visibleUnits(deps.db, actor).selectAll().where('serial', '=', serial).executeTakeFirst();
  if (!row) throw notFound(UNIT_NOT_FOUND);
  const [view] = await toUnitViews(deps.db, actor, [row]);
  return view!;
}
