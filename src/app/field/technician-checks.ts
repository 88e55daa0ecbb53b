import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { FieldProblem } from '../errors.ts';

/**
 * The checks a technician's record passes on the way in, whether recorded or changed: the working
 * calendar is one of the tenant's, the sign-in e-mail is a user of the technician's own party,
 * each absence ends after it starts. Returns the problems (empty when all hold) and the user found.
 */
export async function checkTechnicianFacts(
  db: Kysely<Database>,
  tenantId: string,
  partyId: string,
  input: {
    calendar?: string | undefined;
    userEmail?: string | null | undefined;
    absences?: { from: string; to: string }[] | undefined;
  },
): Promise<{ problems: FieldProblem[]; userId: string | null | undefined }> {
  const problems: FieldProblem[] = [];
  if (input.calendar !== undefined) {
    const calendar = await db
      .selectFrom('calendar_versions')
      .select('calendar_key')
      .where('tenant_id', '=', tenantId)
      .where('calendar_key', '=', input.calendar)
      .executeTakeFirst();
    if (!calendar)
      problems.push({
        path: '/body/calendar',
        message: `no calendar ${input.calendar}`,
        messageZh: `没有日历 ${input.calendar}`,
      });
  }
  let userId: string | null | undefined;
  if (input.userEmail === null) userId = null;
  else if (input.userEmail !== undefined) {
    const user = await db
      .selectFrom('users')
      .select(['user_id', 'party_id'])
      .where('tenant_id', '=', tenantId)
      .where('email', '=', input.userEmail.toLowerCase())
      .executeTakeFirst();
    if (!user || user.party_id !== partyId)
      problems.push({
        path: '/body/userEmail',
        message: 'no user of this party with this e-mail',
        messageZh: '该伙伴没有使用此电子邮箱的用户',
      });
    else userId = user.user_id;
  }
  for (const [i, a] of (input.absences ?? []).entries())
    if (!(a.from < a.to))
      problems.push({
        path: `/body/absences/${i}`,
        message: 'from must be before to',
        messageZh: '开始时间须早于结束时间',
      });
  return { problems, userId };
}
