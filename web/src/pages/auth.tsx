import { Anchor, Button, Card, Center, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../error-alert.tsx';
import { useSession } from '../session.tsx';

export function SignInPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Center mt="xl">
      <Card withBorder w={420} padding="xl" radius="md">
        <form onSubmit={submit} aria-labelledby="signin-title">
          <Stack>
            <Title order={1} size="h2" id="signin-title">
              {t('auth.signInTitle')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('auth.signInLead')}
            </Text>
            <TextInput
              label={t('auth.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <PasswordInput
              label={t('auth.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <ErrorAlert error={error} />
            <Button type="submit" loading={busy}>
              {t('auth.signIn')}
            </Button>
            <Text size="sm">
              {t('auth.noAccount')}{' '}
              <Anchor component={Link} to="/signup">
                {t('auth.signUp')}
              </Anchor>
            </Text>
            <Text size="sm">
              <Anchor component={Link} to="/repair-shops/register">
                {t('shops.registerLink')}
              </Anchor>
            </Text>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}

export function SignUpPage() {
  const { t, i18n } = useTranslation();
  const { signUp } = useSession();
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signUp({ ...form, locale: i18n.language === 'zh' ? 'zh' : 'en' });
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Center mt="xl">
      <Card withBorder w={420} padding="xl" radius="md">
        <form onSubmit={submit} aria-labelledby="signup-title">
          <Stack>
            <Title order={1} size="h2" id="signup-title">
              {t('auth.signUpTitle')}
            </Title>
            <TextInput
              label={t('auth.name')}
              autoComplete="name"
              required
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            />
            <TextInput
              label={t('auth.email')}
              type="email"
              autoComplete="email"
              required
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
            />
            <PasswordInput
              label={t('auth.password')}
              description={t('auth.passwordRule')}
              autoComplete="new-password"
              required
              minLength={10}
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
            />
            <ErrorAlert error={error} />
            <Button type="submit" loading={busy}>
              {t('auth.createAccount')}
            </Button>
            <Text size="sm">
              {t('auth.haveAccount')}{' '}
              <Anchor component={Link} to="/signin">
                {t('auth.signIn')}
              </Anchor>
            </Text>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}
