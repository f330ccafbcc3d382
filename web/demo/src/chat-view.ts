// The logged-in screen: friends, requests and rooms on the left, the open chat on the right (one
// of the two at a time on a phone). It renders from ChatSession's state after every change and
// turns clicks and forms into ChatSession calls; it holds no chat state of its own.

import { chatKey, explain, type Chat, type ChatSession } from './chat-session.js';
import { byId, h } from './dom.js';

const formatTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export class ChatView {
  private readonly messages = byId<HTMLOListElement>('messages');
  private readonly composer = byId<HTMLFormElement>('composer');
  private toastTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly session: ChatSession,
    private readonly onLogout: () => void,
  ) {
    session.onChange = () => this.render();
    session.onNotice = (text, isError) => this.toast(text, isError);
    byId('my-name').textContent = session.myName;
    byId('my-id').textContent = session.me;
    this.bindForms();
    this.render();
  }

  private bindForms(): void {
    const s = this.session;
    byId('copy-id').onclick = () => {
      navigator.clipboard?.writeText(s.me).then(
        () => this.toast('ID copied', false),
        () => this.toast('select the ID and copy it by hand', true),
      );
    };
    byId('logout').onclick = () => this.onLogout();
    byId('back').onclick = () => this.show(undefined);

    this.onSubmit('add-friend', (f) => {
      s.addFriend(field(f, 'node'));
      f.reset();
      this.toast('request sent: your friend sees it and presses Accept', false);
    });
    this.onSubmit('new-room', async (f) => {
      const room = await s.createRoom(field(f, 'topic'));
      f.reset();
      this.show(chatKey('room', room));
    });
    this.onSubmit('join-room', async (f) => {
      const room = field(f, 'room');
      await s.joinRoom(room);
      f.reset();
      this.show(chatKey('room', room));
    });
    this.onSubmit('invite', async (f) => {
      const chat = this.activeChat();
      const friend = field(f, 'friend');
      if (chat?.kind !== 'room' || friend === '') return;
      await s.invite(chat.node, friend);
      this.toast(`${s.nameOf(friend)} is now in the room`, false);
    });
    this.onSubmit('composer', async (f) => {
      const chat = this.activeChat();
      const text = field(f, 'text');
      if (chat === undefined || text === '') return;
      await s.send(chat.key, text);
      f.reset();
    });
  }

  /** Runs `handler` on submit (no page reload); a refusal goes to the toast, in words rather than
   *  a code (explain). Assigned, not added: a second login's view replaces the first one's. */
  private onSubmit(id: string, handler: (form: HTMLFormElement) => void | Promise<void>): void {
    const form = byId<HTMLFormElement>(id);
    form.onsubmit = (e) => {
      e.preventDefault();
      Promise.resolve()
        .then(() => handler(form))
        .catch((err: unknown) => this.toast(explain(err), true));
    };
  }

  /** Opens a chat (undefined: back to the list on a phone). */
  private show(key: string | undefined): void {
    this.session.open(key);
    document.body.classList.toggle('chat-open', key !== undefined);
    if (key !== undefined) (this.composer.elements.namedItem('text') as HTMLInputElement).focus();
  }

  private activeChat(): Chat | undefined {
    const key = this.session.active;
    return key === undefined ? undefined : this.session.chat(key);
  }

  private render(): void {
    const s = this.session;
    byId('my-dot').className = `dot ${s.connected ? 'online' : 'offline'}`;
    this.renderRequests();
    this.renderFriends();
    this.renderRooms();
    this.renderChat();
  }

  private renderRequests(): void {
    const s = this.session;
    const items = [...s.requests.values()].map((r) =>
      h(
        'li',
        { class: `request ${r.incoming ? 'incoming' : 'outgoing'}`, 'data-node': r.node },
        h(
          'div',
          {},
          h('strong', {}, s.nameOf(r.node)),
          r.incoming ? ' wants to be your friend' : ' has not accepted yet',
          r.note && r.incoming ? h('div', { class: 'hint' }, `"${r.note}"`) : null,
        ),
        r.incoming ? h('button', { type: 'button', onclick: () => this.guard(() => s.addFriend(r.node)) }, 'Accept') : null,
        h('button', { type: 'button', class: 'secondary', onclick: () => this.guard(() => s.removeFriend(r.node)) }, r.incoming ? 'Decline' : 'Cancel'),
      ),
    );
    byId('requests').replaceChildren(...items);
  }

  private renderFriends(): void {
    const s = this.session;
    const friends = [...s.friends].sort((a, b) => s.nameOf(a).localeCompare(s.nameOf(b)));
    byId('friends').replaceChildren(...friends.map((f) => this.entry(chatKey('user', f), s.nameOf(f), s.online.has(f) ? 'online' : 'offline')));
    byId('no-friends').hidden = friends.length > 0;
  }

  private renderRooms(): void {
    const s = this.session;
    const rooms = [...s.rooms].map(([node, topic]) => this.entry(chatKey('room', node), topic ?? node, undefined));
    byId('rooms').replaceChildren(...rooms);
  }

  /** One friend or room in the sidebar: a button that opens its chat, with its dot and unread count. */
  private entry(key: string, label: string, presence: 'online' | 'offline' | undefined): HTMLLIElement {
    const unread = this.session.chats.get(key)?.unread ?? 0;
    return h(
      'li',
      { class: key === this.session.active ? 'active' : '' },
      h(
        'button',
        { type: 'button', class: 'entry', onclick: () => this.show(key), 'data-key': key },
        presence ? h('span', { class: `dot ${presence}`, title: presence, 'aria-label': presence }) : h('span', { class: 'room-mark', 'aria-hidden': 'true' }, '#'),
        h('span', { class: 'label' }, label),
        unread > 0 ? h('span', { class: 'badge', 'aria-label': `${unread} unread` }, unread) : null,
      ),
    );
  }

  private renderChat(): void {
    const s = this.session;
    const chat = this.activeChat();
    const input = this.composer.elements.namedItem('text') as HTMLInputElement;
    const banner = byId('chat-banner');
    const invite = byId<HTMLFormElement>('invite');
    banner.hidden = true;
    invite.hidden = true;
    if (chat === undefined) {
      byId('chat-title').textContent = 'Pick a friend or a room';
      byId('chat-sub').textContent = '';
      byId('chat-dot').className = '';
      this.messages.replaceChildren();
      setEnabled(this.composer, false);
      return;
    }
    const isFriend = chat.kind === 'room' || s.friends.has(chat.node);
    if (chat.kind === 'user') {
      byId('chat-title').textContent = s.nameOf(chat.node);
      byId('chat-dot').className = `dot ${s.online.has(chat.node) ? 'online' : 'offline'}`;
      byId('chat-sub').textContent = `${s.online.has(chat.node) ? 'online' : 'offline'} · ID ${chat.node}`;
      if (!isFriend) {
        banner.hidden = false;
        banner.textContent = 'Not friends (yet): messages are refused until you both agree. Use "Add a friend".';
      }
    } else {
      byId('chat-title').textContent = s.rooms.get(chat.node) ?? 'room';
      byId('chat-dot').className = '';
      const members = s.members.get(chat.node);
      const count = members === undefined ? '' : `${members.size} member${members.size === 1 ? '' : 's'} · `;
      byId('chat-sub').textContent = `${count}room ID ${chat.node} (share it: others join with it)`;
      // friends not in the room yet (all friends until the member list has come)
      const candidates = [...s.friends].filter((f) => !members?.has(f));
      invite.hidden = candidates.length === 0;
      const select = invite.elements.namedItem('friend') as HTMLSelectElement;
      const chosen = select.value;
      select.replaceChildren(...candidates.map((f) => h('option', { value: f, selected: f === chosen }, s.nameOf(f))));
    }
    setEnabled(this.composer, isFriend && s.connected);
    input.placeholder = isFriend ? 'message' : 'not friends yet';
    this.renderLines(chat);
  }

  private renderLines(chat: Chat): void {
    const s = this.session;
    const list = this.messages;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    const lines = [...chat.lines.values()].sort((a, b) => a.mid - b.mid);
    list.replaceChildren(
      ...lines.map((l) =>
        h(
          'li',
          { class: `line ${l.mine ? 'mine' : 'theirs'}${l.revoked ? ' revoked' : ''}`, 'data-mid': l.mid },
          chat.kind === 'room' && !l.mine ? h('div', { class: 'from' }, s.nameOf(l.from)) : null,
          h('div', { class: 'text' }, l.revoked ? 'message revoked' : l.text),
          h(
            'div',
            { class: 'meta' },
            formatTime.format(l.at),
            l.offline ? h('span', { class: 'tag' }, 'while you were away') : null,
            l.mine && !l.revoked
              ? h('button', { type: 'button', class: 'link revoke', onclick: () => this.revoke(chat, l.mid) }, 'Revoke')
              : null,
          ),
        ),
      ),
    );
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  /** Runs a click handler; what it throws goes to the toast. */
  private guard(action: () => void): void {
    try {
      action();
    } catch (err) {
      this.toast(explain(err), true);
    }
  }

  private revoke(chat: Chat, mid: number): void {
    this.session.revoke(chat.key, mid).catch((err: unknown) => this.toast(explain(err), true));
  }

  private toast(text: string, isError: boolean): void {
    const t = byId('toast');
    t.textContent = text;
    t.className = isError ? 'error' : '';
    t.hidden = false;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (t.hidden = true), isError ? 6000 : 3000);
  }
}

function field(form: HTMLFormElement, name: string): string {
  return ((form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '').trim();
}

function setEnabled(form: HTMLFormElement, on: boolean): void {
  for (const el of Array.from(form.elements)) (el as HTMLInputElement).disabled = !on;
}
