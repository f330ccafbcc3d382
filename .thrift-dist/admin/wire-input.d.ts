import type { TimMessage, TimPresence, TimRoomBean, TimUserBean } from '../protocol/wire-types.js';
/** A plain object, or a JSON string holding one (tim's form bodies nest JSON in fields). */
export declare function objectField(v: unknown, field: string): Record<string, unknown>;
/** A TimMessage with msType/odType forced (they win over any spelling the caller used). */
export declare function messageFrom(v: unknown, msType: number, odType: number, field?: string): TimMessage;
/** A client-style TimMessage: msType and odType as given (required). */
export declare function clientMessageFrom(v: unknown, field?: string): TimMessage;
export declare function presenceFrom(v: unknown, field?: string): TimPresence;
export declare function userBeanFrom(v: unknown, field?: string): TimUserBean;
export declare function roomBeanFrom(v: unknown, field?: string): TimRoomBean;
/**
 * tim's recipient lists (docs/admin-api.md section 5: /timMessage, /timOsMessage, /timDetect): `[...]`, `{nodelist: [...]}` (TimNodes),
 * either as JSON text (form bodies), or "n1,n2" (the /timDetect form variant).
 */
export declare function nodeListFrom(v: unknown, field?: string): string[];
