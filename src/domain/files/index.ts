export { INLINE_MEDIA_TYPES, isMediaType, MEDIA_TYPE_PATTERN } from './media-type.ts';
