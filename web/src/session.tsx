import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { ApiError, get, post, setCsrfToken } from './api.ts';
import type { Me } from './types.ts';

interface SessionState {
  me: Me | null;
  loading: boolean;
  signIn(email: string, password: string): Promise<Me>;
  signUp(input: { email: string; password: string; name: string; locale: 'en' | 'zh' }): Promise<Me>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    const current = await get<Me>('/me');
    setCsrfToken(current.csrfToken);
    setMe(current);
    return current;
  }, []);

  useEffect(() => {
    refresh()
      .catch((error) => {
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      })
      .finally(() => setLoading(false));
  }, [refresh]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const reply = await post<{ csrfToken: string }>('/auth/sign-in', { email, password });
      setCsrfToken(reply.csrfToken);
      return refresh();
    },
    [refresh],
  );
  const signUp = useCallback(
    async (input: { email: string; password: string; name: string; locale: 'en' | 'zh' }) => {
      // Sign-up answers alike for a new and a taken e-mail; the account is then signed in as usual.
      await post('/auth/sign-up', input);
      return signIn(input.email, input.password);
    },
    [signIn],
  );
  const signOut = useCallback(async () => {
    await post('/auth/sign-out', undefined);
    setCsrfToken(null);
    setMe(null);
  }, []);

  return (
    <SessionContext.Provider value={{ me, loading, signIn, signUp, signOut }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

export type Area = 'portal' | 'console' | 'partner' | 'shop';

/**
 * Which pages a person gets: customers the portal, service partners theirs, an independent repair
 * shop its prices and parts orders, everyone else the console.
 */
export function areaOf(me: Me): Area {
  if (me.user.role === 'customer') return 'portal';
  if (me.user.role === 'repair_shop') return 'shop';
  if (me.user.role === 'partner' || me.user.role === 'technician') return 'partner';
  return 'console';
}

/**
 * What the console may show, mirroring the API's guards (src/app/case/*, src/domain/access):
 * the brand's staff read the dashboard, calendars, terms, escalations and dossiers; counsel only
 * reads; everyone else in the console (a distributor's agent) reads its cases and replies.
 */
export interface Permissions {
  /** Dashboard, calendars, terms, escalation board, dossiers, the user list. */
  staffPages: boolean;
  /** State, severity, diagnosis, assignment, escalation, acknowledging and resolving escalations. */
  caseActions: boolean;
  /** Replies and internal notes on a case. */
  reply: boolean;
}

const STAFF_ROLES: readonly string[] = ['admin', 'manager', 'agent', 'counsel'];

export function permissionsOf(me: Me | null): Permissions {
  const staff = !!me && me.party.home && STAFF_ROLES.includes(me.user.role);
  const writer = !!me && me.user.role !== 'counsel';
  return { staffPages: staff, caseActions: staff && writer, reply: writer };
}

export function usePermissions(): Permissions {
  return permissionsOf(useSession().me);
}
