import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.ts';

/** A failed request, in the reader's language (the server's problem detail), with the fields at fault. */
export function ErrorAlert({ error }: { error: Error | null | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <Alert
      color={notFound ? 'gray' : 'red'}
      title={notFound ? t('common.notFound') : t('common.error')}
      role="alert"
    >
      {error.message}
      {error instanceof ApiError && error.errors.length > 0 && (
        <ul>
          {error.errors.map((e) => (
            <li key={e.path}>
              {e.path}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}
