import type { Actor } from '../../domain/access/index.ts';
import type { Label } from '../../domain/label.ts';
import {
  NOTIFICATION_CHANNEL_LABELS,
  NOTIFICATION_KIND_LABELS,
  type NotificationChannel,
  type NotificationKind,
} from '../../domain/notification/index.ts';
import type { AppDeps } from '../context.ts';
import { notInVocabulary } from '../errors.ts';
import { inTransaction } from '../transaction.ts';

export interface NotificationPreference {
  kind: NotificationKind;
  kindName: Label;
  channel: NotificationChannel;
  channelName: Label;
}

const KINDS = Object.keys(NOTIFICATION_KIND_LABELS) as NotificationKind[];
const CHANNELS = Object.keys(NOTIFICATION_CHANNEL_LABELS) as NotificationChannel[];

/** The signed-in user's choice for every kind of notification (by e-mail unless they turned it off). */
export async function getNotificationPreferences(
  deps: AppDeps,
  actor: Actor,
): Promise<NotificationPreference[]> {
  const rows = await deps.db
    .selectFrom('notification_preferences')
    .select(['kind', 'channel'])
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.userId)
    .execute();
  const chosen = new Map(rows.map((r) => [r.kind, r.channel]));
  return KINDS.map((kind) => {
    const channel = chosen.get(kind) ?? 'email';
    return {
      kind,
      kindName: NOTIFICATION_KIND_LABELS[kind],
      channel,
      channelName: NOTIFICATION_CHANNEL_LABELS[channel],
    };
  });
}

/** Sets the signed-in user's choices for the kinds named (others stay as they were). */
export async function setNotificationPreferences(
  deps: AppDeps,
  actor: Actor,
  choices: Record<string, string>,
): Promise<NotificationPreference[]> {
  for (const [kind, channel] of Object.entries(choices)) {
    if (!KINDS.includes(kind as NotificationKind))
      throw notInVocabulary(`/body/${kind}`, kind, { en: 'a kind of notification', zh: '通知类型' }, KINDS);
    if (!CHANNELS.includes(channel as NotificationChannel))
      throw notInVocabulary(
        `/body/${kind}`,
        channel,
        { en: 'a way to be notified', zh: '通知方式' },
        CHANNELS,
      );
  }
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    for (const [kind, channel] of Object.entries(choices)) {
      await trx
        .insertInto('notification_preferences')
        .values({
          tenant_id: actor.tenantId,
          user_id: actor.userId,
          kind,
          channel: channel as NotificationChannel,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'user_id', 'kind'])
            .doUpdateSet({ channel: channel as NotificationChannel, updated_at: now }),
        )
        .execute();
    }
  });
  return getNotificationPreferences(deps, actor);
}
