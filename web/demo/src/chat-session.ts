// One logged-in user of the demo chat, on top of the project's TimClient (src/client). This file is
// the client's worked example: everything a chat app does is here, in the order a real app does it.
//
//   register        registerAccount(): POST /tim2 with a REGISTER frame (builtin mode); after the
//                   first login, NODES MODIFYUSER sets the profile's nickName (names come from it)
//   log in          client.connect() + client.login(); then sync():
//                     BUSINESS ROSTER / USERROOM  -> 'nodes' events with my friends and rooms
//                     OFFLINEMSG                  -> what arrived while I was away, as 'message' events
//                     BROADPRESENCE subStatus 1   -> online friends answer with PRESENCE subStatus 2
//   friends         BUSINESS ADDROSTER: a request; the same call from the other side accepts it.
//                   Builtin mode lets only mutual friends chat 1:1 (a send to anyone else: 4105).
//   rooms           BUSINESS NEWROOM (ack t=8 n=room), ADDROOM (join an open room), PULLROOM (invite),
//                   ROOMUSERS (members, as 'nodes' ntype 3)
//   chat            client.send() resolves with the server's echo (which carries the mid); every
//                   message, mine included, also arrives as a 'message' event, which is the one
//                   place lines are added
//   revoke          client.revoke(mid): my devices get an ack naming the mid (t2), the other side
//                   (or the room) an odType 2 notice with that mid
//   history         PULLMESSAGE when a chat is opened: newest first, silence when empty
//   presence        PRESENCE frames; {offline:true} when a friend's last socket closes
//
// Silence is part of tim's protocol: empty lists and successful ADDROSTER/ADDROOM get no answer,
// so this class never waits for those; it reacts to events as they come.

import { TimClient, TimClientError } from '../../../src/client/tim-client.js';
import { registerAccount } from '../../../src/client/tim-register.js';
import { BnType, Ntype, Rtype } from '../../../src/protocol/rtypes.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { MsType, OdType, TimType } from '../../../src/protocol/timtype.js';
import type { TimAck, TimMessage, TimNodes, TimPresence } from '../../../src/protocol/wire-types.js';

/** webtim's presence conventions: subStatus 1 asks "are you there?", 2 answers it. */
const PRESENCE_ASK = 1;
const PRESENCE_ANSWER = 2;
/** lines fetched when a chat is opened */
const HISTORY_PAGE = 50;

export type ChatKind = 'user' | 'room';

export interface ChatLine {
  mid: number;
  from: string;
  text: string;
  /** server time of the message */
  at: Date;
  mine: boolean;
  revoked: boolean;
  /** delivered from the offline queue (it arrived while this user was away) */
  offline: boolean;
}

export interface Chat {
  /** 'user:<node>' or 'room:<node>' */
  key: string;
  kind: ChatKind;
  node: string;
  lines: Map<number, ChatLine>;
  unread: number;
  historyAsked: boolean;
}

export interface FriendRequest {
  node: string;
  /** true: they asked me; false: I asked them and wait */
  incoming: boolean;
  note: string;
}

export const chatKey = (kind: ChatKind, node: string): string => `${kind}:${node}`;

/** The URLs of the server this page came from: WebSocket /tim and HTTP POST /tim2. */
export function serverUrls(loc: Location = window.location): { ws: string; http: string } {
  const secure = loc.protocol === 'https:';
  return { ws: `${secure ? 'wss' : 'ws'}://${loc.host}/tim`, http: `${loc.protocol}//${loc.host}` };
}

/** A short explanation of a refusal for the user, by tim error code. */
export function explain(err: unknown): string {
  if (!(err instanceof TimClientError)) return err instanceof Error ? err.message : String(err);
  switch (err.code) {
    case ErrorCode.HASEXIST:
      return 'that name is taken (or it is already done)';
    case ErrorCode.PERM_DENIED:
      return 'not allowed: 1:1 chat needs a mutual friendship (send a request and wait for the accept); a room needs membership';
    case ErrorCode.ACCOUNT:
      return 'no such user or room: check the ID';
    case ErrorCode.REPEAT:
      return 'already done';
    case ErrorCode.BLOCK:
      return 'blocked';
    case ErrorCode.OVERENTRY:
      return 'this account logged in elsewhere moments ago; try again in a few seconds';
    case ErrorCode.OVERHZ:
      return 'too many attempts; wait a minute';
    case ErrorCode.CONNECT:
      return 'no connection to the server';
    case ErrorCode.INTERFACE:
      return 'not served here (external mode keeps accounts, friends and rooms in your own database)';
    default:
      return `refused by the server (${err.code}): ${err.message}`;
  }
}

/** explain() for a refused login or registration: 4105 there means a wrong name or password. */
export function explainLogin(err: unknown): string {
  return err instanceof TimClientError && err.code === ErrorCode.PERM_DENIED ? 'wrong name or password' : explain(err);
}

export class ChatSession {
  /** display names by node (from USERINFO) */
  readonly names = new Map<string, string>();
  /** my friends (mutual) */
  readonly friends = new Set<string>();
  /** friends seen online (PRESENCE), whether friends yet or not */
  readonly online = new Set<string>();
  readonly requests = new Map<string, FriendRequest>();
  /** my rooms, with their topic when known */
  readonly rooms = new Map<string, string | undefined>();
  /** members of the rooms opened so far (ROOMUSERS) */
  readonly members = new Map<string, Set<string>>();
  readonly chats = new Map<string, Chat>();
  /** the chat on screen: its lines count as read and its history is fetched */
  active: string | undefined;
  connected = true;

  /** called after any change of the state above */
  onChange: () => void = () => undefined;
  /** a line for the user: news (a request arrived) or a refusal */
  onNotice: (text: string, isError: boolean) => void = () => undefined;

  private closing = false;
  private readonly namesAsked = new Set<string>();
  private namesQueue: string[] = [];

  private constructor(
    private readonly client: TimClient,
    readonly me: string,
    readonly myName: string,
  ) {
    this.names.set(me, myName);
    this.listen();
    this.sync();
  }

  /** Registers first when `register`, then connects and logs in. Rejects with a TimClientError. */
  static async open(name: string, pwd: string, register: boolean, urls = serverUrls()): Promise<ChatSession> {
    if (register) await registerAccount(urls.http, name, pwd);
    // reconnect: after a network drop the client logs in again by itself ('reconnect' below).
    const client = new TimClient(urls.ws, { reconnect: true });
    await client.connect();
    let ack: TimAck;
    try {
      ack = await client.login(name, pwd);
    } catch (err) {
      await client.close();
      throw err;
    }
    const session = new ChatSession(client, ack.n!, name);
    // USERINFO answers only for users who have set a profile (as tim), so a new account sets its
    // display name at once; friends then see "alice" rather than her ID.
    if (register) client.nodes({ ntype: Ntype.MODIFYUSER, usermap: { [session.me]: { nickName: name } } });
    return session;
  }

  /** Logs out: closes the socket for good (friends see me go offline). */
  close(): Promise<void> {
    this.closing = true;
    return this.client.close();
  }

  // ---- what the user does -----------------------------------------------------------------

  /** Sends a friend request to `node`, or accepts theirs: the same BUSINESS ADDROSTER either way.
   *  Throws for my own ID or a friend (the server would refuse them: 4105, 4117). */
  addFriend(node: string, note = 'hi, I am ' + this.myName): void {
    if (node === this.me) throw new Error('that is your own ID: ask your friend for theirs');
    if (this.friends.has(node)) throw new Error('already friends');
    this.client.business({ rtype: Rtype.ADDROSTER, node, reqStr: note });
    // No answer on success; a refusal comes back as an error ack (see listen()).
    if (!this.requests.get(node)?.incoming) this.requests.set(node, { node, incoming: false, note });
    this.askNames([node]);
    this.onChange();
  }

  /** Declines a request (or withdraws mine): BUSINESS REMOVEROSTER. */
  removeFriend(node: string): void {
    this.client.business({ rtype: Rtype.REMOVEROSTER, node });
    this.requests.delete(node);
    this.friends.delete(node);
    this.onChange();
  }

  /** Creates an open room named `topic` and resolves with its node. */
  async createRoom(topic: string): Promise<string> {
    const answer = this.client.next('ack', (a) => a.timType === TimType.BUSINESS && a.t === Rtype.NEWROOM);
    this.client.business({ rtype: Rtype.NEWROOM, node: topic, reqInt: 0 });
    const ack = await answer;
    if (!ack.ok || ack.n === undefined) throw new TimClientError(ack.error?.code ?? ErrorCode.UNDEFINED, ack.error?.info ?? 'refused', ack);
    this.addRoom(ack.n, topic);
    return ack.n;
  }

  /** Joins the open room `room` (ADDROOM). Success has no ack: it is the PASSROOM notice. */
  async joinRoom(room: string): Promise<void> {
    const joined = this.client.next('message', (m) => m.odType === OdType.BUSINESS && m.bnType === BnType.PASSROOM && m.roomTid?.node === room);
    const refused = this.client.next('ack', (a) => !a.ok && a.timType === TimType.BUSINESS && a.t === Rtype.ADDROOM && a.n === room);
    // The loser of the race times out later; that rejection is expected, not an error.
    joined.catch(() => undefined);
    refused.catch(() => undefined);
    this.client.business({ rtype: Rtype.ADDROOM, node: room, reqStr: 'joining from the demo' });
    const first = await Promise.race([joined, refused]);
    if ('timType' in first) throw new TimClientError(first.error?.code ?? ErrorCode.UNDEFINED, first.error?.info ?? 'refused', first);
  }

  /** Brings friend `node` into `room` (PULLROOM); they get a notice and the room appears for them.
   *  Both answers (ok and refusal) carry t=13, n=room, n2=user. */
  async invite(room: string, node: string): Promise<void> {
    const answer = this.client.next('ack', (a) => a.timType === TimType.BUSINESS && a.t === Rtype.PULLROOM && a.n === room && a.n2 === node);
    this.client.business({ rtype: Rtype.PULLROOM, node: room, node2: node });
    const ack = await answer;
    if (!ack.ok) throw new TimClientError(ack.error?.code ?? ErrorCode.UNDEFINED, ack.error?.info ?? 'refused', ack);
    this.members.get(room)?.add(node);
    this.onChange();
  }

  /** Puts chat `key` on screen: marks it read, fetches its history once, and a room's members. */
  open(key: string | undefined): void {
    this.active = key;
    const chat = key === undefined ? undefined : this.chat(key);
    if (chat !== undefined) {
      chat.unread = 0;
      if (chat.kind === 'room' && this.connected) this.client.business({ rtype: Rtype.ROOMUSERS, node: chat.node });
      if (!chat.historyAsked && this.connected) {
        chat.historyAsked = true;
        this.client.pullMessages(chat.kind === 'room' ? 2 : 1, chat.node, 0, HISTORY_PAGE);
      }
    }
    this.onChange();
  }

  /** Sends text to the chat; resolves when the server has stored and echoed it. */
  async send(key: string, text: string): Promise<void> {
    const chat = this.chat(key);
    const to = chat.kind === 'room' ? { roomTid: { node: chat.node } } : { toTid: { node: chat.node } };
    await this.client.send({ ...to, dataString: text });
  }

  /** Revokes my message `mid` in chat `key`. */
  async revoke(key: string, mid: number): Promise<void> {
    const chat = this.chat(key);
    if (chat.kind === 'room') await this.client.revoke(mid, undefined, chat.node);
    else await this.client.revoke(mid, chat.node);
  }

  /** The chat with a user or a room, created empty on first use. */
  chat(key: string): Chat {
    let chat = this.chats.get(key);
    if (chat === undefined) {
      const [kind, node] = key.split(/:(.*)/s) as [ChatKind, string];
      chat = { key, kind, node, lines: new Map(), unread: 0, historyAsked: false };
      this.chats.set(key, chat);
    }
    return chat;
  }

  nameOf(node: string): string {
    return this.names.get(node) ?? node;
  }

  // ---- what the server tells us -----------------------------------------------------------

  private listen(): void {
    const c = this.client;
    c.on('message', (m) => this.onMessage(m));
    // History pages: the same message shape, newest first.
    c.on('pull', (list) => {
      for (const m of list.messageList ?? []) this.onMessage(m, true);
    });
    c.on('nodes', (n) => this.onNodes(n));
    c.on('presence', (p) => this.onPresence(p));
    c.on('ack', (a) => {
      // My revoke, done (on this device or another one of mine): {timType 92, t: 2 user | 3 room,
      // n: the peer or room, t2: mid}. The other side gets an odType 2 message instead.
      if (a.ok && a.timType === TimType.REVOKEMESSAGE && a.n !== undefined && a.t2 !== undefined) {
        this.markRevoked(chatKey(a.t === MsType.ROOM ? 'room' : 'user', a.n), Number(a.t2));
      }
      // Refusals of requests that have no answer on success (ADDROSTER, REMOVEROSTER) carry no `t`.
      if (!a.ok && a.timType === TimType.BUSINESS && a.t === undefined && a.error) {
        this.onNotice(`friend request: ${explain(new TimClientError(a.error.code, a.error.info))}`, true);
      }
    });
    c.on('close', () => {
      this.connected = false;
      this.online.clear();
      if (!this.closing) this.onNotice('connection lost; reconnecting...', true);
      this.onChange();
    });
    c.on('reconnect', () => {
      this.connected = true;
      for (const chat of this.chats.values()) chat.historyAsked = false;
      this.sync();
      this.open(this.active);
      this.onNotice('reconnected', false);
    });
    c.on('error', (e) => console.warn('tim client:', e.message));
  }

  /** Everything a fresh login needs; the answers arrive as events. */
  private sync(): void {
    this.client.business({ rtype: Rtype.ROSTER });
    this.client.business({ rtype: Rtype.USERROOM });
    this.client.offline();
    this.client.broadPresence(PRESENCE_ASK, undefined, 'online');
  }

  private onMessage(m: TimMessage, fromHistory = false): void {
    if (m.odType === OdType.BUSINESS) return this.onBusiness(m);
    if (m.odType !== OdType.NORMAL && m.odType !== OdType.REVOKE) return; // streams, burns, custom types
    const key = this.chatKeyOf(m);
    if (key === undefined || m.mid === undefined) return;
    const chat = this.chat(key);
    const from = m.fromTid?.node ?? '';
    if (m.odType === OdType.REVOKE) return this.markRevoked(key, m.mid);
    // A line may come twice (tim resends unacknowledged frames; an offline message is in the history
    // too): the mid makes it one line, which keeps the news that it came while I was away.
    const known = chat.lines.get(m.mid);
    if (known !== undefined) {
      if (m.isOffline && !known.offline) {
        known.offline = true;
        this.onChange();
      }
      return;
    }
    chat.lines.set(m.mid, {
      mid: m.mid,
      from,
      text: m.dataString ?? '',
      at: new Date(m.timestamp === undefined ? Date.now() : Number(m.timestamp / 1_000_000n)),
      mine: from === this.me,
      revoked: false,
      offline: m.isOffline === true,
    });
    if (!fromHistory && from !== this.me && key !== this.active) chat.unread++;
    if (chat.kind === 'room') this.members.get(chat.node)?.add(from);
    this.askNames([from]);
    this.onChange();
  }

  private markRevoked(key: string, mid: number): void {
    const line = this.chats.get(key)?.lines.get(mid);
    if (line === undefined || line.revoked) return;
    line.revoked = true;
    this.onChange();
  }

  /** The chat a message belongs to: its room, or the other user of a 1:1 chat. */
  private chatKeyOf(m: TimMessage): string | undefined {
    if (m.msType === MsType.ROOM) return m.roomTid === undefined ? undefined : chatKey('room', m.roomTid.node);
    const peer = m.fromTid?.node === this.me ? m.toTid?.node : m.fromTid?.node;
    return peer === undefined ? undefined : chatKey('user', peer);
  }

  /** Business notices (odType 4): friendships and room membership changed. */
  private onBusiness(m: TimMessage): void {
    const from = m.fromTid?.node;
    const other = from === this.me ? m.toTid?.node : from;
    const room = m.roomTid?.node;
    switch (m.bnType) {
      case BnType.ADDROSTER: // someone asks me
        if (other === undefined || this.friends.has(other)) return;
        this.requests.set(other, { node: other, incoming: true, note: m.dataString ?? '' });
        this.askNames([other]);
        this.onNotice(`friend request from ${this.nameOf(other)}`, false);
        break;
      case BnType.FRIEND: // a request was accepted, by either side: both get this notice
        if (other === undefined) return;
        this.requests.delete(other);
        this.friends.add(other);
        this.namesAsked.delete(other); // their profile may be newer than my last lookup
        this.askNames([other]);
        this.client.presence({ toTid: { node: other }, subStatus: PRESENCE_ASK, status: 'online' });
        break;
      case BnType.REMOVEROSTER:
      case BnType.BLOCKROSTER:
        if (other === undefined) return;
        this.friends.delete(other);
        this.requests.delete(other);
        break;
      case BnType.PASSROOM: // joined (open room) or accepted
      case BnType.PULLROOM: // invited in by a member
        if (room !== undefined) this.addRoom(room);
        if (room !== undefined && m.bnType === BnType.PULLROOM) this.onNotice(`${this.nameOf(from ?? '')} added you to a room`, false);
        break;
      case BnType.KICKROOM:
      case BnType.CANCELROOM:
        if (room !== undefined) this.rooms.delete(room);
        break;
      default:
        return;
    }
    this.onChange();
  }

  private onNodes(n: TimNodes): void {
    switch (n.ntype) {
      case Ntype.ROSTER:
        this.friends.clear();
        for (const f of n.nodelist ?? []) {
          this.friends.add(f);
          this.requests.delete(f);
        }
        this.askNames(n.nodelist ?? []);
        break;
      case Ntype.ROOMUSERS:
        if (n.node === undefined) return;
        this.members.set(n.node, new Set(n.nodelist ?? []));
        this.askNames(n.nodelist ?? []);
        break;
      case Ntype.USERROOM:
        for (const r of n.nodelist ?? []) if (!this.rooms.has(r)) this.rooms.set(r, undefined);
        this.client.nodes({ ntype: Ntype.ROOMINFO, nodelist: n.nodelist ?? [] });
        break;
      case Ntype.USERINFO:
        for (const [node, bean] of Object.entries(n.usermap ?? {})) {
          const name = bean.nickName || bean.name;
          if (name) this.names.set(node, name);
        }
        break;
      case Ntype.ROOMINFO:
        for (const [node, bean] of Object.entries(n.roommap ?? {})) if (this.rooms.has(node)) this.rooms.set(node, bean.topic);
        break;
      default:
        return;
    }
    this.onChange();
  }

  private onPresence(p: TimPresence): void {
    const from = p.fromTid?.node;
    if (from === undefined || from === this.me) return;
    if (p.offline) {
      this.online.delete(from);
    } else {
      this.online.add(from);
      // Someone who just came online asks; answering tells them I am here too.
      if (p.subStatus === PRESENCE_ASK) this.client.presence({ toTid: { node: from }, subStatus: PRESENCE_ANSWER, status: 'online' });
    }
    this.onChange();
  }

  /** A room I am in; its topic is looked up (ROOMINFO) when not given. */
  private addRoom(room: string, topic?: string): void {
    if (topic !== undefined) this.rooms.set(room, topic);
    else if (!this.rooms.has(room)) {
      this.rooms.set(room, undefined);
      this.client.nodes({ ntype: Ntype.ROOMINFO, nodelist: [room] });
    }
  }

  /** Looks up display names (USERINFO), batched per turn of the event loop, each node once. */
  private askNames(nodes: string[]): void {
    for (const n of nodes) {
      if (n === '' || this.namesAsked.has(n)) continue;
      this.namesAsked.add(n);
      this.namesQueue.push(n);
    }
    if (this.namesQueue.length === 0) return;
    queueMicrotask(() => {
      if (this.namesQueue.length === 0 || !this.connected) return;
      const nodelist = this.namesQueue;
      this.namesQueue = [];
      this.client.nodes({ ntype: Ntype.USERINFO, nodelist });
    });
  }
}
