// The admin dashboard: sign in with an admin key, then live figures (live.ts) and the user and
// room panels. Every action is one admin REST call (api.ts); nothing is decided here.

import './style.css';
import { AdminApi, ApiError, forgetKey, saveKey, savedKey, type Connection } from './api.js';
import { byId, el, fillRows, fmtTime } from './dom.js';
import { LiveView } from './live.js';

let live: LiveView | undefined;
let api: AdminApi | undefined;

function showLogin(message = ''): void {
  live?.stop();
  live = undefined;
  api = undefined;
  byId('app').hidden = true;
  byId('pills').hidden = true;
  byId('logout').hidden = true;
  byId('login').hidden = false;
  byId('login-error').textContent = message;
  byId<HTMLInputElement>('login-key').focus();
}

/** Checks the key with one call, then shows the dashboard. */
async function signIn(key: string): Promise<void> {
  const candidate = new AdminApi(key);
  try {
    await candidate.stats();
  } catch (err) {
    forgetKey();
    showLogin(err instanceof ApiError && err.status === 401 ? 'That key was refused: check admin.keys.' : (err as Error).message);
    return;
  }
  saveKey(key);
  candidate.onUnauthorized = (message) => {
    forgetKey();
    showLogin(message);
  };
  api = candidate;
  byId('login').hidden = true;
  byId('app').hidden = false;
  byId('pills').hidden = false;
  byId('logout').hidden = false;
  live = new LiveView(candidate, (m) => result(m, true));
  live.start();
  void refreshOnline();
}

/** The outcome of the last action, for the operator (and the tests). */
function result(message: string, bad = false): void {
  const r = byId('result');
  r.textContent = message;
  r.className = `result ${bad ? 'bad' : 'ok'}`;
}

/** Runs one action; its error is shown instead of thrown. */
async function act(label: string, run: (a: AdminApi) => Promise<string>): Promise<void> {
  if (api === undefined) return;
  try {
    result(`${label}: ${await run(api)}`);
  } catch (err) {
    result(`${label} failed: ${(err as Error).message}`, true);
  }
}

// --- users -------------------------------------------------------------------------------------

let currentUser: string | undefined;

async function showUser(node: string): Promise<void> {
  if (api === undefined) return;
  currentUser = node;
  byId<HTMLInputElement>('user-node').value = node;
  try {
    const [conns, blocks] = await Promise.all([api.connections({ node, limit: 100 }), api.blocks()]);
    const ban = blocks.items.find((b) => b.node === node);
    byId('user-title').textContent = node;
    byId('user-state').textContent =
      (conns.total > 0 ? `online, ${conns.total} device${conns.total === 1 ? '' : 's'}` : 'offline') + (ban ? ` · banned until ${fmtTime(ban.until)}` : '');
    fillRows(byId<HTMLTableElement>('user-devices'), conns.items.map(deviceRow));
    byId('user-detail').hidden = false;
  } catch (err) {
    result(`search ${node} failed: ${(err as Error).message}`, true);
    return;
  }
  // relations: shown when the server answers them (external mode reads your templates)
  const [rooms, friends] = await Promise.all([api.userRooms(node).catch(() => undefined), api.friends(node).catch(() => undefined)]);
  byId('user-rooms').replaceChildren(...chips(rooms?.rooms, (r) => void showRoom(r)));
  byId('user-friends').replaceChildren(...chips(friends?.friends, (n) => void showUser(n)));
}

/** Buttons for nodes; "none" (or "–" when unknown) otherwise. */
function chips(nodes: readonly string[] | undefined, open: (node: string) => void): Node[] {
  if (nodes === undefined) return [el('span', { class: 'dim' }, '–')];
  if (nodes.length === 0) return [el('span', { class: 'dim' }, 'none')];
  return nodes.map((n) => {
    const b = el('button', { type: 'button', class: 'chip', 'data-node': n }, n);
    b.addEventListener('click', () => open(n));
    return b;
  });
}

const deviceRow = (c: Connection) => [`${c.server ? c.server + '/' : ''}${c.id}`, c.termtyp, c.resource ?? '', c.remote, fmtTime(c.connectedAt)];

async function refreshOnline(): Promise<void> {
  if (api === undefined) return;
  try {
    const page = await api.connections({ limit: 200 });
    const nodes = [...new Set(page.items.map((c) => c.node))];
    byId('online').replaceChildren(
      ...chips(nodes, (n) => void showUser(n)).map((c) => el('li', {}, c)),
      ...(page.total > page.items.length ? [el('li', { class: 'dim' }, `… ${page.total - page.items.length} more connections`)] : []),
    );
  } catch (err) {
    result(`online list failed: ${(err as Error).message}`, true);
  }
}

function wireUsers(): void {
  byId<HTMLFormElement>('user-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const node = byId<HTMLInputElement>('user-node').value.trim();
    if (node !== '') void showUser(node);
  });
  byId('online-refresh').addEventListener('click', () => void refreshOnline());
  const withUser = (label: string, run: (a: AdminApi, node: string) => Promise<string>) => async () => {
    const node = currentUser;
    if (node === undefined) return;
    await act(`${label} ${node}`, (a) => run(a, node));
    await showUser(node);
    await refreshOnline();
  };
  byId('user-kick').addEventListener('click', withUser('kick', async (a, n) => `${(await a.kick(n)).connectionsClosed} connection(s) closed`));
  byId('user-ban').addEventListener(
    'click',
    withUser('ban', async (a, n) => {
      const r = await a.ban(n, Number(byId<HTMLInputElement>('ban-seconds').value));
      return `banned until ${fmtTime(r.until)}, ${r.connectionsClosed} connection(s) closed`;
    }),
  );
  byId('user-unban').addEventListener('click', withUser('unban', async (a, n) => ((await a.unban(n)).removed ? 'ban lifted' : 'was not banned')));
  byId('user-token').addEventListener(
    'click',
    withUser('token for', async (a, n) => {
      const t = await a.token(n);
      return `${t.token} (one use, until ${fmtTime(t.expiresAt)})`;
    }),
  );
  byId<HTMLFormElement>('user-msg-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = byId<HTMLInputElement>('user-msg');
    const node = currentUser;
    if (node === undefined || input.value === '') return;
    void act(`system message to ${node}`, async (a) => {
      const r = await a.systemMessage({ to: [node] }, input.value);
      input.value = '';
      return r.results.map((x) => `${x.node}: ${x.status}`).join(', ');
    });
  });
}

// --- rooms -------------------------------------------------------------------------------------

let currentRoom: string | undefined;

async function showRoom(room: string): Promise<void> {
  byId<HTMLInputElement>('room-node').value = room;
  await act(`members of ${room}`, async (a) => {
    const r = await a.roomMembers(room);
    currentRoom = room;
    byId('room-title').textContent = room;
    byId('room-count').textContent = `${r.members.length} member${r.members.length === 1 ? '' : 's'}`;
    byId('room-members').replaceChildren(...chips(r.members, (n) => void showUser(n)).map((c) => el('li', {}, c)));
    byId('room-detail').hidden = false;
    return `${r.members.length} member(s)`;
  });
}

function wireRooms(): void {
  byId<HTMLFormElement>('room-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const room = byId<HTMLInputElement>('room-node').value.trim();
    if (room !== '') void showRoom(room);
  });
  byId<HTMLFormElement>('room-msg-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = byId<HTMLInputElement>('room-msg');
    const room = currentRoom;
    if (room === undefined || input.value === '') return;
    void act(`system message to room ${room}`, async (a) => {
      const r = await a.systemMessage({ room }, input.value);
      input.value = '';
      const delivered = r.results.filter((x) => x.status === 'delivered').length;
      return `${r.results.length} recipient(s), ${delivered} delivered, the rest stored offline or failed`;
    });
  });
}

// --- start -------------------------------------------------------------------------------------

byId<HTMLFormElement>('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const key = byId<HTMLInputElement>('login-key').value.trim();
  if (key !== '') void signIn(key);
});
byId('logout').addEventListener('click', () => {
  forgetKey();
  showLogin();
});
wireUsers();
wireRooms();
const key = savedKey();
if (key === null) showLogin();
else void signIn(key);
