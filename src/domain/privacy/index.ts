export type {
  ConsentPurpose,
  ErasedField,
  NotPersonalColumn,
  OnErasure,
  PersonalColumn,
  PersonalKind,
} from './register.ts';
export {
  CONSENT_PURPOSE_LABELS,
  CONSENT_STATE_LABELS,
  ERASED_FIELD_LABELS,
  erasedName,
  NOT_PERSONAL,
  PERSONAL_DATA_REGISTER,
  PERSONAL_LOOKING,
  PERSONAL_PAYLOAD_FIELDS,
  registerEntry,
} from './register.ts';
