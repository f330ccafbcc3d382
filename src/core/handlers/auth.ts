// AUTH (16), docs/protocol.md 5.2: password or one-time token login, bans, device limits with tim's
// kick-the-oldest rule, and the login ack.
//
// Hostile clients (login-throttle.ts, store/hash-gate.ts):
// - Password checks go through core.logins: a locked account or address is refused with 5105
//   before any database or hashing work. 5105 ("freq out of limit") rather than 4105: a user whose
//   right password is refused during a lock must not be told it is wrong (they would reset it);
//   the attacker learns nothing from it, as it counts its own failures anyway and unknown names
//   lock alike (so the code reveals neither the password nor whether the account exists).
// - Password hashing at capacity answers 5104 (OVERLOAD), nothing hashed.
// - tim leaves a refused socket open until the login deadline (timjs closes it
//   itself). We close it (4008) after limits.loginFailuresPerSocket refused AUTHs, once the last
//   error ack is written: a client may retry a typo, but AUTH frames pipelined on one socket cannot
//   queue guesses, and each batch of guesses costs the attacker a new connection.

import { ErrorCode } from '../../protocol/error-codes.js';
import { frameBody } from '../../protocol/frame-codec.js';
import { decodeAuth } from '../../protocol/json-codec.js';
import { base58Encode } from '../../protocol/node-id.js';
import { JSON_FLAG, TimType } from '../../protocol/timtype.js';
import type { Tid, TimAuth } from '../../protocol/wire-types.js';
import { NODE_MAX } from '../permissions.js';
import type { LoginResult } from '../../store/store.js';
import { reportFrameError } from '../frame-error.js';
import { CloseCode } from '../../protocol/close-codes.js';
import type { Session } from '../session.js';
import type { CoreContext } from '../core-context.js';
import { errorToCode, TimError } from '../tim-error.js';

export async function handleAuth(core: CoreContext, s: Session, frame: Buffer): Promise<void> {
  try {
    await login(core, s, frame);
  } catch (err) {
    const { code } = errorToCode(err);
    core.log.info({ session: s.id, remote: s.socket.remote, code, reason: err instanceof TimError ? err.message : 'error' }, 'login refused');
    // Answered here rather than by the dispatcher so that the close (if any) follows the error ack.
    reportFrameError(core, s, TimType.AUTH, err);
    s.authFailures++;
    const max = core.limits.loginFailuresPerSocket;
    if (err instanceof ConnectRefused) s.close(CloseCode.LOGIN_FAILED, 'refused by hooks.connectAuth'); // tim closes it
    else if (max > 0 && s.authFailures >= max) s.close(CloseCode.LOGIN_FAILED, 'too many failed logins');
  }
}

async function login(core: CoreContext, s: Session, frame: Buffer): Promise<void> {
  if (s.authed) {
    core.ack(s, { ok: true, timType: TimType.AUTH });
    return;
  }
  // The core reads JSON bodies only: the transport converts Thrift-compact frames before they get
  // here (transport/thrift-edge.ts, docs/thrift.md), so a frame with the bit clear is not one it
  // could read.
  if ((frame[0] & JSON_FLAG) === 0) throw new TimError(ErrorCode.PARAMS, 'not a JSON body');
  let auth: TimAuth;
  try {
    auth = decodeAuth(frameBody(frame));
  } catch {
    throw new TimError(ErrorCode.PARAMS, 'AUTH body is not a TimAuth JSON object'); // docs/protocol.md 5.2 step 2: decode failure is 4104 here
  }

  // config hooks.connectAuth (core/app-hooks.ts): the application admits the attempt first.
  if (core.connectAuth !== undefined && !(await core.connectAuth(auth))) throw new ConnectRefused();
  if (s.closed) return;

  const { node, domain } = auth.token ? await byToken(core, auth) : await byPassword(core, auth, s.socket.remote);
  const now = core.clock.nowMs();
  if (core.bans.isBanned(node, now)) throw new TimError(ErrorCode.PERM_DENIED, 'banned');
  if (s.closed) return;

  const termtyp = auth.termtyp ?? 0;
  // Device limits count across the cluster; alone (or with Redis down) the local rule runs here.
  const shared = core.peers.admit(node, s.id, termtyp, now, () => enforceDeviceLimits(core, node, termtyp, now));
  if (shared !== undefined) {
    await shared;
    if (s.closed) {
      void core.peers.release(node, s.id);
      return;
    }
  }

  const tid: Tid = { node };
  if (domain) tid.domain = domain;
  if (auth.resource !== undefined) tid.resource = auth.resource;
  if (auth.termtyp !== undefined) tid.termtyp = auth.termtyp;
  if (auth.extend !== undefined) tid.extend = auth.extend;
  s.node = node;
  s.tid = tid;
  s.termtyp = termtyp;
  s.authedAt = now;
  s.lastPingAt = now;
  core.registry.bind(s);
  s.socket.loggedIn();
  core.stats.logins++;
  core.ack(s, { ok: true, timType: TimType.AUTH, t: core.instanceHash, n: node, n2: base58Encode(BigInt(s.id)) });
  core.log.info({ session: s.id, node, remote: s.socket.remote, termtyp, by: auth.token ? 'token' : 'password' }, 'login ok');
  core.cameOnline(s);
}

/** hooks.connectAuth said no: 4105, then the socket is closed. */
class ConnectRefused extends TimError {
  constructor() {
    super(ErrorCode.PERM_DENIED, 'refused by hooks.connectAuth');
  }
}

async function byPassword(core: CoreContext, auth: TimAuth, remote: string): Promise<{ node: string; domain?: string }> {
  if (!auth.name || !auth.pwd) throw new TimError(ErrorCode.PERM_DENIED, 'no name or password');
  const { name, pwd } = auth;
  const r = await throttledCheck(core, name, auth.domain, remote, () => core.store.login(name, pwd, auth.domain ?? null));
  if (r === 'locked') throw new TimError(ErrorCode.OVERHZ, 'too many failed logins: locked for a while');
  if (!r.ok) throw new TimError(ErrorCode.PERM_DENIED, 'wrong name or password');
  if (r.node.length === 0 || r.node.length > NODE_MAX) {
    core.log.error({ length: r.node.length }, `sql.login returned a node that is empty or longer than ${NODE_MAX} characters`);
    throw new TimError(ErrorCode.PERM_DENIED);
  }
  return { node: r.node, domain: auth.domain };
}

/**
 * A password check of (name, domain) from client address `remote` under core.logins: 'locked'
 * (nothing checked: no query, no hash), else the store's answer, counted as a success or failure.
 * A store error is not counted and rejects as is (5103, or 5104 when hashing is at capacity).
 */
export async function throttledCheck(
  core: CoreContext,
  name: string,
  domain: string | undefined,
  remote: string,
  check: () => Promise<LoginResult>,
): Promise<LoginResult | 'locked'> {
  const attempt = core.logins.begin(name, domain, remote);
  if (typeof attempt === 'string') return 'locked';
  let r: LoginResult;
  try {
    r = await check();
  } catch (err) {
    attempt.abandoned();
    throw err;
  }
  if (r.ok) attempt.succeeded();
  else if (r.reason === 'shape') attempt.abandoned(); // the deployer's template is broken, not the guess
  else attempt.failed();
  return r;
}

async function byToken(core: CoreContext, auth: TimAuth): Promise<{ node: string; domain?: string }> {
  const token = auth.token as string;
  const grant = await core.tokens.consume(token);
  if (grant !== null) {
    // docs/protocol.md decision 4: a name/domain sent beside the token must match the token's when both are given.
    if (auth.name && grant.name && auth.name !== grant.name) throw new TimError(ErrorCode.TOKEN, 'name differs from the token');
    if (auth.domain && grant.domain && auth.domain !== grant.domain) throw new TimError(ErrorCode.TOKEN, 'domain differs from the token');
    return { node: grant.node, domain: grant.domain ?? auth.domain };
  }
  if (core.jwt) {
    const node = await core.jwt(token);
    if (node !== null) return { node, domain: auth.domain };
  }
  throw new TimError(ErrorCode.TOKEN, 'unknown or expired token');
}

/**
 * docs/protocol.md 5.2 step 5 on this process's sessions (a cluster applies the same rule to all of them
 * in cluster/registry-scripts.ts), with docs/protocol.md decision 10's `>=` for the type limit: when over a limit,
 * the oldest offending session is closed (no frame, just a close) if the node's latest login is older than
 * limits.kickWindowSeconds; otherwise the new login gets 4111.
 */
function enforceDeviceLimits(core: CoreContext, node: string, termtyp: number, now: number): void {
  const { deviceLimit, deviceTypeLimit, kickWindowSeconds } = core.limits;
  const existing = core.registry.sessionsOf(node).filter((x) => !x.closed);
  const sameType = termtyp > 0 ? existing.filter((x) => x.termtyp === termtyp) : [];
  const overAll = existing.length - deviceLimit + 1;
  const overType = termtyp > 0 ? sameType.length - deviceTypeLimit + 1 : 0;
  if (overAll <= 0 && overType <= 0) return;
  const last = core.registry.lastAuthAt(node);
  if (last === undefined || now - last <= kickWindowSeconds * 1000) throw new TimError(ErrorCode.OVERENTRY, 'device limit reached within limits.kickWindowSeconds');
  const victims = new Set<Session>();
  // Oldest first: the registry keeps sessions in login order.
  for (const x of sameType) if (victims.size < overType) victims.add(x);
  for (const x of existing) if (victims.size < Math.max(overAll, overType) && !victims.has(x)) victims.add(x);
  for (const v of victims) v.close(CloseCode.KICKED, 'logged in elsewhere');
}
