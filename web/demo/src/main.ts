// Entry of the demo chat page: the login form, and the chat screen once logged in.
//
// A reload logs in again by itself: name and password are kept in sessionStorage (this tab only,
// gone when it closes). That is a demo's shortcut; a real app would keep a token from its own
// backend (or the server's one-time TOKEN from POST /tim2) and never the password.

import { ChatSession, explainLogin } from './chat-session.js';
import { ChatView } from './chat-view.js';
import { byId } from './dom.js';

const STORED = 'tim-demo-login';

const loginSection = byId('login');
const appSection = byId('app');
const loginForm = byId<HTMLFormElement>('login-form');
const loginError = byId('login-error');

let session: ChatSession | undefined;

async function start(name: string, pwd: string, register: boolean): Promise<void> {
  loginError.textContent = register ? 'registering...' : 'logging in...';
  try {
    session = await ChatSession.open(name, pwd, register);
  } catch (err) {
    loginError.textContent = explainLogin(err);
    sessionStorage.removeItem(STORED);
    return;
  }
  sessionStorage.setItem(STORED, JSON.stringify({ name, pwd }));
  loginError.textContent = '';
  loginForm.reset();
  loginSection.hidden = true;
  appSection.hidden = false;
  new ChatView(session, logout);
}

async function logout(): Promise<void> {
  sessionStorage.removeItem(STORED);
  await session?.close();
  session = undefined;
  appSection.hidden = true;
  loginSection.hidden = false;
  document.body.classList.remove('chat-open');
}

loginForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const data = new FormData(loginForm);
  const register = (e.submitter as HTMLButtonElement | null)?.value === 'register';
  void start(String(data.get('name') ?? '').trim(), String(data.get('pwd') ?? ''), register);
});

const stored = sessionStorage.getItem(STORED);
if (stored !== null) {
  const { name, pwd } = JSON.parse(stored) as { name: string; pwd: string };
  void start(name, pwd, false);
}
