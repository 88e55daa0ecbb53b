import type { EntryHeader } from '../../domain/evidence/index.ts';
import { ENTRY_TYPE_LABELS } from '../../domain/evidence/index.ts';
import { labelOf } from '../../domain/label.ts';

/**
 * What each kind of entry shows, for a person reading the index, where it says more than the
 * entry type's name (domain/evidence/labels.ts), which every other entry shows: never the type's key.
 */
const WHAT: Record<string, { en: string; zh: string }> = {
  'case.opened': {
    en: 'Case opened, entitlement decided, SLA clocks started',
    zh: '服务单创建，判定保修权益，启动 SLA 时钟',
  },
  'case.assigned': { en: 'Case assigned', zh: '服务单分派' },
  'case.reply_sent': { en: 'Reply sent to the customer', zh: '已答复客户' },
  'case.message_received': { en: 'Message from the customer', zh: '客户来信' },
  'case.note_added': { en: 'Internal note', zh: '内部备注' },
  'case.state_changed': { en: 'State changed', zh: '状态变更' },
  'case.severity_changed': { en: 'Severity changed, deadlines moved', zh: '严重程度变更，截止时间调整' },
  'case.redecided': { en: 'Entitlement decided again after a diagnosis', zh: '诊断后重新判定保修权益' },
  'case.escalated': { en: 'Escalation raised under the terms', zh: '依条款升级' },
  'case.payment_disputed': {
    en: 'The customer or distributor disputes an invoice or withholds payment',
    zh: '客户或经销商对发票提出异议或拒付',
  },
  'escalation.acknowledged': { en: 'Escalation acknowledged', zh: '升级事项已受理' },
  'escalation.resolved': { en: 'Escalation resolved', zh: '升级事项已解决' },
  'sla.warning': { en: 'SLA warning: most of the time used', zh: 'SLA 预警：大部分时限已用' },
  'sla.breached': { en: 'SLA target breached', zh: 'SLA 时限已违约' },
  'deadline.warning': {
    en: 'Deadline near: a return undecided or a defective part not shipped',
    zh: '期限将至：退货未审批或故障件未寄回',
  },
  'deadline.breached': {
    en: 'Deadline missed: a return undecided or a defective part not shipped',
    zh: '已逾期：退货未审批或故障件未寄回',
  },
  'deadline.stopped': { en: 'Deadline clock stopped: acted on', zh: '期限时钟停止：已处理' },
  'agreement.version_imported': {
    en: 'Agreement version imported (source file attached)',
    zh: '导入协议版本（附原文件）',
  },
  'sla.recomputed': { en: 'Deadline recomputed after a calendar change', zh: '日历变更后重新计算截止时间' },
  'product.created': { en: 'Product created', zh: '产品创建' },
  'user.created': { en: 'User created', zh: '用户创建' },
  'user.changed': { en: 'User changed', zh: '用户变更' },
  'unit.registered': { en: 'Unit registered', zh: '设备登记' },
  'unit.changed': { en: 'Unit details changed', zh: '设备信息变更' },
  'party.created': { en: 'Party created', zh: '当事方创建' },
  'party.changed': { en: 'Party changed', zh: '当事方变更' },
  'personal_data.erased': { en: 'Personal data erased on request', zh: '已应请求删除个人信息' },
  'personal_data.exported': { en: 'Personal data exported on request', zh: '已应请求导出个人信息' },
  'consent.recorded': { en: 'Consent recorded', zh: '已记录同意' },
};

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function detail(payload: unknown): string {
  const text = JSON.stringify(payload);
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

/**
 * The printable index of a dossier, in Chinese and English: what it is about, how far the chain
 * is signed, the evidence list (item, time, source, what it shows) in order. Written as it reads.
 */
export async function* dossierIndexHtml(input: {
  title: { en: string; zh: string };
  generatedAt: string;
  chainFrom: number;
  chainTo: number;
  signed: { seq: number; signedAt: string; keyId: string } | null;
  entries: AsyncIterable<{ header: EntryHeader; payload: unknown; hash: string }>;
}): AsyncGenerator<string> {
  const signed = input.signed
    ? `Entries up to ${input.signed.seq} are covered by a checkpoint signed ${escapeHtml(input.signed.signedAt)} with key ${escapeHtml(input.signed.keyId)}. / 第 ${input.signed.seq} 条及之前的记录已由 ${escapeHtml(input.signed.signedAt)} 签名的检查点覆盖。`
    : 'No signed checkpoint covers these entries yet: their chain is given, not yet signed. / 尚无已签名检查点覆盖这些记录。';
  yield `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(input.title.en)} — dossier / 证据包</title>
<style>
body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC",system-ui,sans-serif;margin:2em;color:#111}
table{border-collapse:collapse;width:100%;font-size:12px}th,td{border:1px solid #999;padding:4px;vertical-align:top}
th{background:#eee}code{font-size:11px;word-break:break-all}@media print{body{margin:0}a{color:#000}}
</style></head><body>
<h1>${escapeHtml(input.title.en)} / ${escapeHtml(input.title.zh)}</h1>
<p>Dossier generated ${escapeHtml(input.generatedAt)}. / 证据包生成于 ${escapeHtml(input.generatedAt)}。</p>
<p>Chain entries ${input.chainFrom}–${input.chainTo} are in <code>chain.jsonl</code>; this subject's own entries carry their content, the others only their header, to prove the order without showing other matters. / <code>chain.jsonl</code> 含第 ${input.chainFrom}–${input.chainTo} 条记录；本对象的记录含内容，其他记录仅含记录头。</p>
<p>${signed}</p>
<p>How to check this dossier: <code>VERIFY.md</code>. / 校验方法见 <code>VERIFY.md</code>。</p>
<h2>Evidence list and chronology / 证据清单与时间顺序</h2>
<table><thead><tr><th>Item / 编号</th><th>Time / 时间</th><th>Source / 来源</th><th>What it shows / 证明内容</th><th>Content / 内容</th><th>Files / 附件</th></tr></thead><tbody>
`;
  for await (const { header, payload, hash } of input.entries) {
    const what = WHAT[header.type] ?? labelOf(ENTRY_TYPE_LABELS, header.type);
    const source = `${header.channel.name}${header.actor.userId ? `, user ${header.actor.userId}` : ''} (${header.actor.authenticatedBy})`;
    yield `<tr><td>${header.seq}<br><code>${hash.slice(0, 16)}…</code></td><td>${escapeHtml(header.occurredAt)}<br>recorded ${escapeHtml(header.recordedAt)}</td><td>${escapeHtml(source)}</td><td>${escapeHtml(what.en)}<br>${escapeHtml(what.zh)}</td><td><code>${escapeHtml(detail(payload))}</code></td><td>${header.blobs.map((b) => `<a href="files/${b}">${b.slice(0, 12)}…</a>`).join('<br>')}</td></tr>\n`;
  }
  yield `</tbody></table>
<h2>Contents / 内容</h2>
<ul>
<li><code>chain.jsonl</code>: the entries, one per line / 记录，每行一条</li>
<li><code>files/</code>: original files by SHA-256 / 原始附件</li>
<li><code>agreements/</code>: every agreement version that applied, and <code>changes.json</code> between versions / 适用的协议各版本及版本间变更</li>
<li><code>sla/</code>: the SLA clocks recomputed from their raw events, the calendars, the method / 由原始事件重新计算的 SLA 时钟、日历与方法</li>
<li><code>costs.json</code>: the cost lines / 成本明细</li>
<li><code>checkpoints.json</code>, <code>keys/</code>: signed checkpoints and public keys / 签名检查点与公钥</li>
<li><code>manifest.json</code>: SHA-256 of every file / 各文件的 SHA-256</li>
</ul></body></html>
`;
}

export const VERIFY_MD = `# How to verify this dossier / 如何校验本证据包

You can check everything here without Servicebook; \`servicebook dossier verify FILE.zip\` does all of it.
无需 Servicebook 即可手工校验；\`servicebook dossier verify FILE.zip\` 会自动完成以下全部步骤。

1. **Files.** Every file except \`manifest.json\` is listed there with its SHA-256. Recompute each
   (\`sha256sum\`), and check that no file is missing or added.
   文件：除 \`manifest.json\` 外，每个文件的 SHA-256 均列于其中。逐一重新计算并核对，确认无缺失、无新增。
2. **Entries.** Each line of \`chain.jsonl\` has \`seq\`, \`hash\`, \`header\` (a JSON text) and, for
   this dossier's subject, \`payload\` (a JSON text).
   - \`hash\` = SHA-256 of the \`header\` text, exactly as given (UTF-8).
   - where \`payload\` is given: SHA-256 of the \`payload\` text = \`payloadHash\` inside the header.
   - each header's \`prevHash\` = the previous line's \`hash\`, and \`seq\` counts up by one.
   The texts are RFC 8785 canonical JSON, so any canonicalizer reproduces them from their values.
   记录：\`hash\` 为 \`header\` 文本的 SHA-256；\`payload\` 文本的 SHA-256 等于记录头中的 \`payloadHash\`；
   每条记录头的 \`prevHash\` 等于上一行的 \`hash\`，\`seq\` 逐一递增。
3. **Signature.** The last line's \`seq\` and \`hash\` equal a checkpoint in \`checkpoints.json\`. Its
   signature is Ed25519 over the canonical JSON of \`{"hash","seq","signedAt","tenantId"}\` (keys
   sorted), checked with \`keys/<keyId>.pem\`, e.g.
   签名：最后一行的 \`seq\` 与 \`hash\` 等于 \`checkpoints.json\` 中的某个检查点；其签名为对
   \`{"hash","seq","signedAt","tenantId"}\` 规范 JSON 的 Ed25519 签名，可用 \`keys/<keyId>.pem\` 验证：

   \`\`\`sh
   printf '%s' '{"hash":"…","seq":…,"signedAt":"…","tenantId":"…"}' > signed.txt
   echo '<signature>' | base64 -d > signature.bin
   openssl pkeyutl -verify -pubin -inkey keys/<keyId>.pem -rawin -in signed.txt -sigfile signature.bin
   \`\`\`
4. **Files of entries.** Each SHA-256 in a header's \`blobs\` names a file in \`files/\` with those bytes.
   附件：记录头 \`blobs\` 中的每个 SHA-256 都对应 \`files/\` 中内容相符的文件。

5. **The key, from elsewhere.** A signature proves nothing if the key comes with the forgery. Get
   the signing key's fingerprint independently of this dossier: from a receipt you were handed
   earlier, from the brand's counsel or notary, or from the server's start message. Compare it
   with the fingerprint of \`log/proofs.json\` → \`head.publicKey\` (and of \`keys/*.pem\`):
   密钥须从别处获得：请从先前收到的回执、品牌方律师或公证处、或服务器启动信息中独立获取签名密钥指纹，并与
   \`log/proofs.json\` 中 \`head.publicKey\`（以及 \`keys/*.pem\`）的指纹比对：

   \`\`\`sh
   # head.publicKey saved as head.pem
   openssl pkey -pubin -in head.pem -outform DER | openssl dgst -sha256
   \`\`\`
6. **The signed tree head (RFC 9162 Merkle log).** \`log/proofs.json\` holds \`head\`
   (\`treeSize\`, \`rootHash\`, \`signedAt\`, \`tenantId\`, \`signature\`). The signature is Ed25519 over
   the canonical JSON \`{"kind":"servicebook-tree-head-v1","rootHash":…,"signedAt":…,"tenantId":…,"treeSize":…}\`
   (keys sorted), checked as in step 3 with head.pem.
   签名树头：\`head\` 的签名为对上述规范 JSON 的 Ed25519 签名，按第 3 步用 head.pem 验证。
7. **The timestamp.** \`head.timestampToken\`, when present, is an RFC 3161 response from the
   time-stamping authority over SHA-256 of that same text:
   时间戳：\`head.timestampToken\`（如有）为可信时间戳机构对同一文本 SHA-256 的 RFC 3161 响应：

   \`\`\`sh
   echo '<timestampToken>' | base64 -d > head.tsr
   openssl ts -verify -data signed-head.txt -in head.tsr -CAfile tsa-ca.pem
   \`\`\`
8. **The last entry is in the tree.** The leaf hash of an entry is SHA-256 of the byte 0x00
   followed by its \`header\` text; interior nodes are SHA-256 of 0x01, left, right (RFC 9162 §2.1).
   \`inclusion.path\` is the audit path of leaf \`seq − 1\` in the tree of \`head.treeSize\`
   (RFC 9162 §2.1.3.2 gives the ten-line check). E.g. the leaf hash:
   叶哈希为 0x00 加 \`header\` 文本的 SHA-256，内部节点为 0x01、左、右的 SHA-256（RFC 9162 §2.1）：

   \`\`\`sh
   (printf '\\000'; printf '%s' "$HEADER") | openssl dgst -sha256
   \`\`\`
9. **Receipts you hold.** If you were handed a receipt (a signed tree head) earlier, it must match
   one of \`consistency[]\` (same \`treeSize\` and \`rootHash\`), whose \`proof\` shows (RFC 9162
   §2.1.4.2) that this dossier's tree extends it. If the record was rewritten or cut back after you
   got it, no such proof exists. \`servicebook dossier verify FILE.zip --key FINGERPRINT --head
   receipt.json\` does steps 5–9.
   回执：您先前收到的回执必须与 \`consistency[]\` 中的某项一致，其一致性证明表明本证据包的日志延续了该回执。

A rewrite of any entry after the checkpoint was signed changes its hash, and so every later
\`prevHash\`, and can no longer reach the signed hash; a rewrite signed again with another key
fails step 5, and one signed again with the real key fails step 9.
检查点签名后对任何记录的改写都会改变其哈希，从而无法与已签名的哈希衔接；用其他密钥重新签名会在第 5 步失败，
用真实密钥重新签名会在第 9 步失败。
`;
