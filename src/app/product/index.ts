export { createProduct } from './create-product.ts';
export { deleteProduct } from './delete-product.ts';
export { listProducts } from './list-products.ts';
export type { BillOfPartsLine } from './product-view.ts';
export { showProduct } from './show-product.ts';
export { updateProduct } from './update-product.ts';
