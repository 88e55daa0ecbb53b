export { decideReturn } from './decide-return.ts';
export { disposeReturn } from './dispose-return.ts';
export { listReturns } from './list-returns.ts';
export { receiveReturn } from './receive-return.ts';
export { requestReturn, requestReturnForUnit } from './request-return.ts';
export { loadVisibleReturn, toReturnView, visibleReturns } from './return-view.ts';
export { shipReturn } from './ship-return.ts';
