export * from './labels.ts';
export type {
  LineRefusal,
  OrderLineInput,
  PartsOrderState,
  PartsOrderStep,
} from './order.ts';
export { nextOrderState, priceOrder } from './order.ts';
export type { ShopDecision, ShopStatus } from './shop.ts';
export { checkLicence, decideRegistration, SHOP_RULES, shopMayAct } from './shop.ts';
