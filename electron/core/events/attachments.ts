// An event's photos and documents, kept in the database: at most ATTACHMENT_MAX_BYTES each and ATTACHMENT_MAX_COUNT
// per event, and only the kinds whose first bytes say what they are (the name's extension is not trusted).
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import type { ChannelParsed } from '../../../shared/contract';
import type { ServiceContext } from '../context';
import { event, eventAttachment } from '../db/schema';
import { inWrite } from '../db/write';
import { conflict, notFound, validationError } from '../errors';

export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const ATTACHMENT_MAX_COUNT = 20;

const now = () => new Date().toISOString();

/** The file's kind from its magic bytes, or null for a kind not accepted. */
export function sniffMime(buf: Buffer): string | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => buf[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && buf.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  // Office files: OOXML (docx, xlsx) are zip archives; the old .doc/.xls are OLE compound files.
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    const head = buf.toString('latin1', 0, Math.min(buf.length, 4000));
    if (head.includes('word/')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    if (head.includes('xl/')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return 'application/zip';
  }
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'application/x-ole-storage';
  return null;
}

const refuse = (message: string) => validationError(message, [{ path: ['path'], message }]);

/** Reads, checks and stores one file for the event (inside the caller's write). */
export function addAttachmentFile(ctx: ServiceContext, eventId: number, path: string, which = '附件') {
  const db = ctx.ledger.db;
  const name = basename(path.replace(/\\/g, '/'));
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw refuse(`${which}「${name}」不是文件`);
    size = st.size;
  } catch (err) {
    if (err instanceof Error && 'code' in err) throw refuse(`${which}「${name}」读取失败：文件不存在或无权读取`);
    throw err;
  }
  if (size === 0) throw refuse(`${which}「${name}」是空文件`);
  if (size > ATTACHMENT_MAX_BYTES) throw refuse(`${which}「${name}」有 ${(size / 1024 / 1024).toFixed(1)} MB，每个附件不超过 ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`);
  const data = readFileSync(path);
  const mime = sniffMime(data);
  if (!mime) throw refuse(`${which}「${name}」不是可接受的文件：只能上传照片（JPEG、PNG、GIF、WebP）、PDF 或 Office 文档`);
  const have = db.select({ n: count() }).from(eventAttachment).where(eq(eventAttachment.eventId, eventId)).get()?.n ?? 0;
  if (have >= ATTACHMENT_MAX_COUNT) throw conflict(`每个事件最多 ${ATTACHMENT_MAX_COUNT} 个附件，已有 ${have} 个`);
  const t = now();
  const { id } = db.insert(eventAttachment).values({ eventId, name, mime, size, data, createdAt: t }).returning({ id: eventAttachment.id }).get();
  db.update(event).set({ updatedAt: t }).where(eq(event.id, eventId)).run();
  return { id, name, mime, size, createdAt: t };
}

export function addAttachment(ctx: ServiceContext, input: ChannelParsed<'event.attachment.add'>) {
  return inWrite(ctx, () => {
    const e = ctx.ledger.db.select({ voidedOn: event.voidedOn, number: event.number }).from(event).where(eq(event.id, input.eventId)).get();
    if (!e) throw notFound(`找不到编号为 ${input.eventId} 的事件`);
    if (e.voidedOn) throw conflict(`事件 ${e.number} 已作废，不能再添加附件`);
    return addAttachmentFile(ctx, input.eventId, input.path);
  });
}

export function getAttachment(ctx: ServiceContext, input: ChannelParsed<'event.attachment.get'>) {
  const a = ctx.ledger.db.select().from(eventAttachment).where(eq(eventAttachment.id, input.id)).get();
  if (!a) throw notFound(`找不到编号为 ${input.id} 的附件`);
  return { id: a.id, eventId: a.eventId, name: a.name, mime: a.mime, size: a.size, createdAt: a.createdAt, base64: Buffer.from(a.data).toString('base64') };
}

export function removeAttachment(ctx: ServiceContext, input: ChannelParsed<'event.attachment.remove'>) {
  return inWrite(ctx, () => {
    const a = ctx.ledger.db.select({ id: eventAttachment.id }).from(eventAttachment).where(and(eq(eventAttachment.id, input.attachmentId), eq(eventAttachment.eventId, input.eventId))).get();
    if (!a) throw notFound(`事件 ${input.eventId} 没有编号为 ${input.attachmentId} 的附件`);
    ctx.ledger.db.delete(eventAttachment).where(eq(eventAttachment.id, a.id)).run();
    ctx.ledger.db.update(event).set({ updatedAt: now() }).where(eq(event.id, input.eventId)).run();
    return { removed: true };
  });
}
