import {
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MatterView, NoticeView, SupplierRequestView } from '../../../src/http/contracts/disputes.ts';
import {
  DELIVERY_METHOD_LABELS,
  MATTER_STAGE_LABELS,
  NOTICE_KIND_LABELS,
} from '../../../src/http/contracts/labels.ts';
import { post, toAttachment } from '../api.ts';
import { ErrorAlert } from '../error-alert.tsx';
import { useResource } from '../hooks.ts';
import { useLabels } from '../labels.ts';
import type { Page, QueueItem } from '../types.ts';
import { NoticeAnswerForm, NoticeCard, RequestCard } from './disputes-common.tsx';
import { ListState, localName, RowCard, useRoles } from './engines-common.tsx';

type Words = { en: string; zh: string };
interface Deadline {
  key: string;
  dueOn: string | null;
  cite: string;
  label: Words;
}
interface PartyItem {
  id: string;
  key: string;
  name: string;
  nameZh: string | null;
  roles: string[];
}
interface AgreementItem {
  id: string;
  kind: string;
  title: string;
  provider: string;
  recipient: string;
}

/** Names the pickers offer: parties, agreements, the open cases; loaded once for the page. */
function usePickers() {
  const parties = useResource<{ items: PartyItem[] }>('/parties?limit=500');
  const agreements = useResource<{ items: AgreementItem[] }>('/agreements');
  const cases = useResource<Page<QueueItem>>('/cases/queue?limit=200');
  const partyOptions = (filter: (p: PartyItem) => boolean) =>
    (parties.data?.items ?? []).filter(filter).map((p) => ({ value: p.key, label: localName(p) }));
  const agreementOptions = (party: string | null, kind?: string) =>
    (agreements.data?.items ?? [])
      .filter((a) => party !== null && (a.provider === party || a.recipient === party))
      .filter((a) => !kind || a.kind === kind)
      .map((a) => ({ value: a.id, label: a.title }));
  const caseOptions = (cases.data?.items ?? []).map((c) => ({
    value: c.id,
    label: `${c.number} · ${c.customerName} · ${c.subject}`,
  }));
  return { partyOptions, agreementOptions, caseOptions };
}

/** A form that posts, shows the API's refusal in words, and says what was done. */
function useSubmit(action: () => Promise<string | undefined>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone((await action()) ?? null);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, onSubmit };
}

function FormBox({
  label,
  submit,
  s,
  children,
}: {
  label: string;
  submit: string;
  s: ReturnType<typeof useSubmit>;
  children: ReactNode;
}) {
  return (
    <Stack gap="xs" component="form" aria-label={label} onSubmit={s.onSubmit}>
      {children}
      <ErrorAlert error={s.error} />
      {s.done && (
        <Text size="sm" c="green" role="status">
          {s.done}
        </Text>
      )}
      <Group>
        <Button type="submit" loading={s.busy}>
          {submit}
        </Button>
      </Group>
    </Stack>
  );
}

/** A section's "new …" button that opens its form in place. */
function Toggle({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Stack gap="xs">
      <Group>
        <Button variant={open ? 'subtle' : 'light'} onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {open ? t('disputes.cancel') : label}
        </Button>
      </Group>
      {open && children}
    </Stack>
  );
}

/**
 * Matters, notices and supplier requests of the brand (issue 16), with a form for every action
 * the API has: open and write to a request, draw up, send and answer a notice, open a matter,
 * compute its claim, move its stage, record its settlement, and book a case's service credits.
 */
export function DisputesPage() {
  const { t } = useTranslation();
  const { staffWriter } = useRoles();
  const matters = useResource<{ items: MatterView[] }>('/disputes');
  const notices = useResource<{ items: NoticeView[] }>('/notices');
  const requests = useResource<{ items: SupplierRequestView[] }>('/supplier-requests');
  const pickers = usePickers();
  const m = matters.data?.items ?? [];
  const n = notices.data?.items ?? [];
  const r = requests.data?.items ?? [];
  const reloadAll = () => {
    matters.reload();
    notices.reload();
    requests.reload();
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('disputes.title')}
      </Title>
      <Anchor component={Link} to="/console/supplier-reviews">
        {t('reviews.link')}
      </Anchor>
      <Title order={2} size="h3">
        {t('disputes.requests')}
      </Title>
      {staffWriter && (
        <Toggle label={t('disputes.newRequest')}>
          <NewRequestForm pickers={pickers} onDone={requests.reload} />
        </Toggle>
      )}
      <ListState
        loading={requests.loading}
        error={requests.error}
        empty={r.length === 0}
        emptyText={t('disputes.noRequests')}
      />
      {r.map((x) => (
        <RequestCard
          key={x.id}
          request={x}
          writeLabel={t('disputes.writeToSupplier')}
          canWrite={staffWriter}
          onChange={requests.reload}
        />
      ))}

      <Title order={2} size="h3">
        {t('disputes.notices')}
      </Title>
      {staffWriter && (
        <Toggle label={t('disputes.newNotice')}>
          <NewNoticeForm pickers={pickers} requests={r} onDone={notices.reload} />
        </Toggle>
      )}
      <ListState
        loading={notices.loading}
        error={notices.error}
        empty={n.length === 0}
        emptyText={t('disputes.noNotices')}
      />
      {n.map((x) => (
        <NoticeCard key={x.id} notice={x}>
          {staffWriter && x.state === 'draft' && <SendNoticeForm notice={x} onDone={notices.reload} />}
          {staffWriter && x.state === 'sent' && (
            <NoticeAnswerForm notice={x} label={t('disputes.answerText')} onDone={notices.reload} />
          )}
        </NoticeCard>
      ))}

      <Title order={2} size="h3">
        {t('disputes.matters')}
      </Title>
      {staffWriter && (
        <Toggle label={t('disputes.newMatter')}>
          <NewMatterForm pickers={pickers} requests={r} notices={n} onDone={reloadAll} />
        </Toggle>
      )}
      <ListState
        loading={matters.loading}
        error={matters.error}
        empty={m.length === 0}
        emptyText={t('disputes.noMatters')}
      />
      {m.map((x) => (
        <MatterCard key={x.id} matter={x} canWrite={staffWriter} onChange={matters.reload} />
      ))}

      {staffWriter && (
        <>
          <Title order={2} size="h3">
            {t('disputes.credits')}
          </Title>
          <CreditsForm pickers={pickers} />
        </>
      )}
    </Stack>
  );
}

type Pickers = ReturnType<typeof usePickers>;

function NewRequestForm({ pickers, onDone }: { pickers: Pickers; onDone: () => void }) {
  const { t } = useTranslation();
  const [supplier, setSupplier] = useState<string | null>(null);
  const [agreement, setAgreement] = useState<string | null>(null);
  const [caseId, setCaseId] = useState<string | null>(null);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const s = useSubmit(async () => {
    const attachments = await Promise.all(files.map(toAttachment));
    const opened = await post<SupplierRequestView>('/supplier-requests', {
      supplier: supplier ?? '',
      agreement: agreement ?? '',
      ...(caseId ? { caseId } : {}),
      subject,
      body,
      ...(attachments.length > 0 ? { attachments } : {}),
    });
    setSubject('');
    setBody('');
    setFiles([]);
    onDone();
    return t('disputes.requestOpened', { number: opened.number });
  });
  const agreements = pickers.agreementOptions(supplier, 'supply');
  return (
    <FormBox label={t('disputes.newRequest')} submit={t('disputes.openRequest')} s={s}>
      <Select
        label={t('disputes.supplier')}
        required
        searchable
        data={pickers.partyOptions((p) => p.roles.includes('supplier'))}
        value={supplier}
        onChange={(v) => {
          setSupplier(v);
          setAgreement(null);
        }}
      />
      <Select
        label={t('disputes.agreement')}
        description={t('disputes.agreementHint')}
        required
        data={agreements}
        value={agreement}
        onChange={setAgreement}
      />
      <Select
        label={t('disputes.case')}
        searchable
        clearable
        data={pickers.caseOptions}
        value={caseId}
        onChange={setCaseId}
      />
      <TextInput
        label={t('disputes.subject')}
        required
        value={subject}
        onChange={(e) => setSubject(e.currentTarget.value)}
      />
      <Textarea
        label={t('disputes.body')}
        required
        autosize
        minRows={3}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
      />
      <FileInput label={t('disputes.files')} multiple clearable value={files} onChange={setFiles} />
    </FormBox>
  );
}

/** The cure period the agreement names (its dispute clause), or null when it names none. */
function useCurePeriod(agreement: string | null) {
  const detail = useResource<{
    content: { disputes?: { ref?: string; notice?: { cure_period?: string; ref?: string } } };
  }>(agreement ? `/agreements/${encodeURIComponent(agreement)}` : null);
  if (!agreement || !detail.data) return { loaded: false, period: null, ref: null };
  const d = detail.data.content.disputes;
  return { loaded: true, period: d?.notice?.cure_period ?? null, ref: d?.notice?.ref ?? d?.ref ?? null };
}

function NewNoticeForm({
  pickers,
  requests,
  onDone,
}: {
  pickers: Pickers;
  requests: SupplierRequestView[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { label, duration } = useLabels();
  const [kind, setKind] = useState<string | null>('breach');
  const [to, setTo] = useState<string | null>(null);
  const [agreement, setAgreement] = useState<string | null>(null);
  const [requestIds, setRequestIds] = useState<string[]>([]);
  const [caseIds, setCaseIds] = useState<string[]>([]);
  const [remedyEn, setRemedyEn] = useState('');
  const [remedyZh, setRemedyZh] = useState('');
  const [amount, setAmount] = useState('');
  const [cureDays, setCureDays] = useState<string | number>(15);
  const cure = useCurePeriod(agreement);
  const s = useSubmit(async () => {
    const drawn = await post<NoticeView>('/notices', {
      kind,
      to: to ?? '',
      agreement: agreement ?? '',
      ...(requestIds.length > 0 ? { requestIds } : {}),
      ...(caseIds.length > 0 ? { caseIds } : {}),
      remedy: { en: remedyEn, zh: remedyZh },
      ...(amount.trim() ? { amount: amount.trim() } : {}),
      ...(cure.loaded && !cure.period ? { curePeriod: `P${Number(cureDays)}D` } : {}),
    });
    onDone();
    return t('disputes.noticeDrawn', { number: drawn.number });
  });
  return (
    <FormBox label={t('disputes.newNotice')} submit={t('disputes.drawUp')} s={s}>
      <Select
        label={t('disputes.kind')}
        required
        allowDeselect={false}
        data={Object.keys(NOTICE_KIND_LABELS).map((k) => ({ value: k, label: label(NOTICE_KIND_LABELS, k) }))}
        value={kind}
        onChange={setKind}
      />
      <Select
        label={t('disputes.to')}
        required
        searchable
        data={pickers.partyOptions((p) =>
          p.roles.some((r) => ['supplier', 'service_partner', 'distributor', 'customer'].includes(r)),
        )}
        value={to}
        onChange={(v) => {
          setTo(v);
          setAgreement(null);
          setRequestIds([]);
        }}
      />
      <Select
        label={t('disputes.agreement')}
        required
        data={pickers.agreementOptions(to)}
        value={agreement}
        onChange={setAgreement}
      />
      {cure.loaded &&
        (cure.period ? (
          <Text size="sm">
            {t('disputes.cureFromTerms', { period: duration(cure.period), ref: cure.ref ?? '' })}
          </Text>
        ) : (
          <NumberInput
            label={t('disputes.cureDays')}
            description={t('disputes.cureNone')}
            required
            min={1}
            max={365}
            value={cureDays}
            onChange={setCureDays}
          />
        ))}
      <MultiSelect
        label={t('disputes.requestsPicked')}
        data={requests
          .filter((r) => r.supplier.key === to)
          .map((r) => ({ value: r.id, label: `${r.number} · ${r.subject}` }))}
        value={requestIds}
        onChange={setRequestIds}
      />
      <MultiSelect
        label={t('disputes.cases')}
        searchable
        data={pickers.caseOptions}
        value={caseIds}
        onChange={setCaseIds}
      />
      <Textarea
        label={t('disputes.remedyEn')}
        required
        autosize
        minRows={2}
        value={remedyEn}
        onChange={(e) => setRemedyEn(e.currentTarget.value)}
      />
      <Textarea
        label={t('disputes.remedyZh')}
        required
        autosize
        minRows={2}
        value={remedyZh}
        onChange={(e) => setRemedyZh(e.currentTarget.value)}
      />
      <TextInput
        label={t('disputes.amount')}
        description={t('disputes.amountHint')}
        inputMode="decimal"
        value={amount}
        onChange={(e) => setAmount(e.currentTarget.value)}
      />
    </FormBox>
  );
}

function SendNoticeForm({ notice, onDone }: { notice: NoticeView; onDone: () => void }) {
  const { t } = useTranslation();
  const { label } = useLabels();
  const [method, setMethod] = useState<string | null>('recorded_delivery');
  const [carrier, setCarrier] = useState('');
  const [waybill, setWaybill] = useState('');
  const s = useSubmit(async () => {
    await post(`/notices/${notice.id}/send`, {
      method,
      ...(method === 'recorded_delivery'
        ? { carrier: carrier || undefined, waybill: waybill || undefined }
        : {}),
    });
    onDone();
    return t('disputes.sent');
  });
  return (
    <FormBox label={t('disputes.sendNotice')} submit={t('disputes.sendNotice')} s={s}>
      <Select
        label={t('disputes.method')}
        allowDeselect={false}
        data={Object.keys(DELIVERY_METHOD_LABELS).map((k) => ({
          value: k,
          label: label(DELIVERY_METHOD_LABELS, k),
        }))}
        value={method}
        onChange={setMethod}
      />
      {method === 'recorded_delivery' && (
        <Group grow wrap="wrap">
          <TextInput
            label={t('disputes.carrier')}
            miw={150}
            value={carrier}
            onChange={(e) => setCarrier(e.currentTarget.value)}
          />
          <TextInput
            label={t('disputes.waybill')}
            miw={150}
            required
            value={waybill}
            onChange={(e) => setWaybill(e.currentTarget.value)}
          />
        </Group>
      )}
    </FormBox>
  );
}

function NewMatterForm({
  pickers,
  requests,
  notices,
  onDone,
}: {
  pickers: Pickers;
  requests: SupplierRequestView[];
  notices: NoticeView[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [counterparty, setCounterparty] = useState<string | null>(null);
  const [agreement, setAgreement] = useState<string | null>(null);
  const [caseIds, setCaseIds] = useState<string[]>([]);
  const [noticeIds, setNoticeIds] = useState<string[]>([]);
  const [requestIds, setRequestIds] = useState<string[]>([]);
  const s = useSubmit(async () => {
    const opened = await post<MatterView>('/disputes', {
      title,
      counterparty: counterparty ?? '',
      agreement: agreement ?? '',
      ...(caseIds.length > 0 ? { caseIds } : {}),
      ...(noticeIds.length > 0 ? { noticeIds } : {}),
      ...(requestIds.length > 0 ? { requestIds } : {}),
    });
    onDone();
    return t('disputes.matterOpened', { number: opened.number });
  });
  return (
    <FormBox label={t('disputes.newMatter')} submit={t('disputes.openMatter')} s={s}>
      <TextInput
        label={t('disputes.matterTitle')}
        required
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
      />
      <Select
        label={t('disputes.counterparty')}
        required
        searchable
        data={pickers.partyOptions((p) => !p.roles.includes('brand'))}
        value={counterparty}
        onChange={(v) => {
          setCounterparty(v);
          setAgreement(null);
          setNoticeIds([]);
          setRequestIds([]);
        }}
      />
      <Select
        label={t('disputes.agreement')}
        required
        data={pickers.agreementOptions(counterparty)}
        value={agreement}
        onChange={setAgreement}
      />
      <MultiSelect
        label={t('disputes.requestsPicked')}
        data={requests
          .filter((r) => r.supplier.key === counterparty)
          .map((r) => ({ value: r.id, label: `${r.number} · ${r.subject}` }))}
        value={requestIds}
        onChange={setRequestIds}
      />
      <MultiSelect
        label={t('disputes.noticesPicked')}
        data={notices
          .filter((x) => x.to.key === counterparty)
          .map((x) => ({ value: x.id, label: `${x.number} · ${x.to.name}` }))}
        value={noticeIds}
        onChange={setNoticeIds}
      />
      <MultiSelect
        label={t('disputes.cases')}
        searchable
        data={pickers.caseOptions}
        value={caseIds}
        onChange={setCaseIds}
      />
    </FormBox>
  );
}

const money = (x: { amount: string; currency: string } | null) => (x ? `${x.amount} ${x.currency}` : '');

function MatterCard({
  matter: x,
  canWrite,
  onChange,
}: {
  matter: MatterView;
  canWrite: boolean;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const { label, language } = useLabels();
  const [open, setOpen] = useState(false);
  const clause = x.clause as {
    forum: { institution: string | null; seat: string | null } | null;
    ref: string | null;
  };
  const settlement = x.settlement as { terms: string; signedOn: string } | null;
  const claim = x.claim as { lines: unknown[]; excluded: unknown[] } | null;
  const claimAction = useSubmit(async () => {
    await post(`/disputes/${x.id}/claim`, {});
    onChange();
    return undefined;
  });
  return (
    <RowCard
      title={`${x.number} · ${x.title} · ${x.counterparty.name}`}
      badge={<Badge>{x.stageName[language]}</Badge>}
    >
      <Text size="sm">
        {clause.forum
          ? t('disputes.forum', {
              forum: [clause.forum.institution, clause.forum.seat].filter(Boolean).join(', '),
            })
          : `${t('disputes.noForum')} (${clause.ref ?? ''})`}
      </Text>
      {x.claimed && (
        <Text size="sm">
          {t('disputes.claimed', { amount: money(x.claimed) })}
          {claim
            ? ` · ${t('disputes.claimLines', { count: claim.lines.length, excluded: claim.excluded.length })}`
            : ''}
        </Text>
      )}
      {x.offered && <Text size="sm">{t('disputes.offered', { amount: money(x.offered) })}</Text>}
      {x.agreed && <Text size="sm">{t('disputes.agreed', { amount: money(x.agreed) })}</Text>}
      {x.recovered && x.recovered.amountMinor > 0 && (
        <Text size="sm">{t('disputes.recovered', { amount: money(x.recovered) })}</Text>
      )}
      {settlement && (
        <Text size="sm">
          {t('disputes.settledText', { date: settlement.signedOn, terms: settlement.terms })}
        </Text>
      )}
      {(x.deadlines as Deadline[]).map((d) => (
        <Text size="xs" key={d.key}>
          {d.dueOn
            ? t('disputes.deadline', { label: d.label[language], date: d.dueOn, cite: d.cite })
            : t('disputes.deadlineOpen', { label: d.label[language], cite: d.cite })}
        </Text>
      ))}
      <Group gap="sm">
        <Anchor size="sm" href={`/api/v1/disputes/${x.id}/dossier`}>
          {t('disputes.dossier')}
        </Anchor>
        {canWrite && x.nextStages.length > 0 && (
          <Button size="compact-sm" variant="light" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
            {open ? t('disputes.hide') : t('disputes.open')}
          </Button>
        )}
      </Group>
      {open && canWrite && (
        <Stack gap="md" mt="xs">
          <Stack gap={4} component="form" onSubmit={claimAction.onSubmit}>
            <ErrorAlert error={claimAction.error} />
            <Group>
              <Button type="submit" variant="light" loading={claimAction.busy}>
                {t('disputes.computeClaim')}
              </Button>
            </Group>
          </Stack>
          <StageForm matter={x} onDone={onChange} stageLabel={(s) => label(MATTER_STAGE_LABELS, s)} />
          {!['settled', 'closed'].includes(x.stage) && <SettlementForm matter={x} onDone={onChange} />}
        </Stack>
      )}
    </RowCard>
  );
}

function StageForm({
  matter,
  onDone,
  stageLabel,
}: {
  matter: MatterView;
  onDone: () => void;
  stageLabel: (s: string) => string;
}) {
  const { t } = useTranslation();
  const [stage, setStage] = useState<string | null>(null);
  const [startedOn, setStartedOn] = useState('');
  const [offered, setOffered] = useState('');
  const [note, setNote] = useState('');
  const s = useSubmit(async () => {
    const moved = await post<MatterView>(`/disputes/${matter.id}/stage`, {
      stage: stage ?? '',
      ...(startedOn ? { startedOn } : {}),
      ...(offered.trim() ? { offered: offered.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
    onDone();
    return t('disputes.stageMoved', { stage: stageLabel(moved.stage) });
  });
  return (
    <FormBox label={t('disputes.moveStage')} submit={t('disputes.move')} s={s}>
      <Select
        label={t('disputes.stage')}
        required
        data={matter.nextStages.map((v) => ({ value: v, label: stageLabel(v) }))}
        value={stage}
        onChange={setStage}
      />
      <Group grow wrap="wrap">
        <TextInput
          type="date"
          label={t('disputes.startedOn')}
          miw={150}
          value={startedOn}
          onChange={(e) => setStartedOn(e.currentTarget.value)}
        />
        <TextInput
          label={t('disputes.offer')}
          inputMode="decimal"
          miw={150}
          value={offered}
          onChange={(e) => setOffered(e.currentTarget.value)}
        />
      </Group>
      <TextInput label={t('disputes.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
    </FormBox>
  );
}

function SettlementForm({ matter, onDone }: { matter: MatterView; onDone: () => void }) {
  const { t } = useTranslation();
  const [agreed, setAgreed] = useState('');
  const [terms, setTerms] = useState('');
  const [signedOn, setSignedOn] = useState('');
  const s = useSubmit(async () => {
    await post(`/disputes/${matter.id}/settlement`, { agreed: agreed.trim(), terms, signedOn });
    onDone();
    return t('disputes.settled');
  });
  return (
    <FormBox label={t('disputes.settlement')} submit={t('disputes.settle')} s={s}>
      <Text fw={600} size="sm">
        {t('disputes.settlement')}
      </Text>
      <Group grow wrap="wrap">
        <TextInput
          label={t('disputes.agreedAmount')}
          required
          inputMode="decimal"
          miw={150}
          value={agreed}
          onChange={(e) => setAgreed(e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t('disputes.signedOn')}
          required
          miw={150}
          value={signedOn}
          onChange={(e) => setSignedOn(e.currentTarget.value)}
        />
      </Group>
      <Textarea
        label={t('disputes.terms')}
        required
        autosize
        minRows={2}
        value={terms}
        onChange={(e) => setTerms(e.currentTarget.value)}
      />
    </FormBox>
  );
}

function CreditsForm({ pickers }: { pickers: Pickers }) {
  const { t } = useTranslation();
  const { language: lang } = useLabels();
  const [caseId, setCaseId] = useState<string | null>(null);
  const [annualFee, setAnnualFee] = useState('');
  const [currency, setCurrency] = useState('CNY');
  const [result, setResult] = useState<string[]>([]);
  const s = useSubmit(async () => {
    const r = await post<{
      alreadyBooked: boolean;
      credits: { ref?: string; lines?: unknown[]; finding?: Words } | null;
      penalty: { finding?: Words } | null;
    }>(`/disputes/cases/${caseId ?? ''}/service-credits`, { annualFee: annualFee.trim(), currency });
    setResult([r.credits?.finding?.[lang], r.penalty?.finding?.[lang]].filter((x): x is string => !!x));
    if (r.alreadyBooked) return t('disputes.creditsAlready');
    const lines = r.credits?.lines?.length ?? 0;
    return lines > 0
      ? t('disputes.creditsBooked', { count: lines, ref: r.credits?.ref ?? '' })
      : t('disputes.noCredits');
  });
  return (
    <FormBox label={t('disputes.credits')} submit={t('disputes.bookCredits')} s={s}>
      <Select
        label={t('disputes.creditsCase')}
        required
        searchable
        data={pickers.caseOptions}
        value={caseId}
        onChange={setCaseId}
      />
      <Group grow wrap="wrap">
        <TextInput
          label={t('disputes.annualFee')}
          required
          inputMode="decimal"
          miw={150}
          value={annualFee}
          onChange={(e) => setAnnualFee(e.currentTarget.value)}
        />
        <TextInput
          label={t('disputes.currency')}
          required
          miw={100}
          maxLength={3}
          value={currency}
          onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
        />
      </Group>
      {result.map((x) => (
        <Text size="sm" key={x}>
          {x}
        </Text>
      ))}
    </FormBox>
  );
}
