// The popup: sign in with a personal access token, today's meetings, the next free times of
// an event type (copy the link or the list), and booking from a sentence (POST /api/voice).
import { api, attendeesOf, bookingLink, formatRange, formatTimes, meetingsToday, nextSlots, normaliseServer, slotListText } from './yava.js';

const $ = (id) => document.getElementById(id);
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const locale = navigator.language;
const state = { session: null, eventTypes: [], slots: [] };

function say(text) {
  $('status').textContent = text;
}

function show(signedIn) {
  $('sign-in').hidden = signedIn;
  $('signed-in').hidden = !signedIn;
  $('sign-out').hidden = !signedIn;
}

/** Asks for access to a server other than this machine's (a user gesture: the Sign in click). */
async function allowOrigin(server) {
  const origins = [`${server}/*`];
  if (await chrome.permissions.contains({ origins })) return true;
  if (/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(server)) return true;
  return chrome.permissions.request({ origins });
}

async function signIn(event) {
  event.preventDefault();
  const server = normaliseServer($('server').value);
  const token = $('token').value.trim();
  if (!server) return say('Enter the server address, for example https://yava.example.com');
  // Show the scheme taken for an address typed without one, so an error below names what was tried.
  $('server').value = server;
  if (!/^yava_pat_/.test(token)) return say('A personal access token starts with yava_pat_ (create one with `yava tokens create`).');
  if (!(await allowOrigin(server))) return say(`Yava needs permission to reach ${server}.`);
  try {
    say('Signing in…');
    const me = await api({ server, token }, '/api/me');
    // Another web server answers its own page (HTML, 200) where Yava answers JSON.
    if (typeof me?.username !== 'string') return say('That address is not a Yava server (no JSON answer from /api/me)');
    state.session = { server, token, name: me.name, username: me.username };
    await chrome.storage.local.set({ session: state.session });
    $('token').value = '';
    await load();
  } catch (error) {
    say(error.message);
  }
}

/** Forgets the session and shows the sign-in form, the server address kept for the next sign-in. */
async function signOut() {
  await chrome.storage.local.remove('session');
  if (state.session) $('server').value = state.session.server;
  state.session = null;
  show(false);
}

function renderToday(meetings) {
  const list = $('today');
  list.replaceChildren();
  if (!meetings.length) {
    const empty = document.createElement('li');
    empty.className = 'empty';
    empty.textContent = 'Nothing today.';
    list.append(empty);
    return;
  }
  for (const m of meetings) {
    const item = document.createElement('li');
    const when = document.createElement('div');
    when.className = 'when';
    when.textContent = `${formatTimes(m.start, m.end, locale, zone)} ${m.title}${m.status === 'pending' ? ' (awaiting approval)' : ''}`;
    const who = document.createElement('div');
    who.className = 'who';
    who.textContent = attendeesOf(m);
    item.append(when, who);
    list.append(item);
  }
}

function selectedEventType() {
  return state.eventTypes[Number($('event-type').value)];
}

function emptyItem(text) {
  return Object.assign(document.createElement('li'), { className: 'empty', textContent: text });
}

async function loadSlots() {
  const eventType = selectedEventType();
  const list = $('slots');
  list.replaceChildren();
  state.slots = [];
  // Set before any await, so a failed slot fetch leaves no button acting on a type that is gone.
  $('copy-link').disabled = !eventType || !bookingLink(state.session.server, eventType);
  $('copy-times').disabled = !eventType;
  if (!eventType) return list.append(emptyItem('No event types yet: create one with `yava event-types create` or in the dashboard'));
  state.slots = await nextSlots(state.session, eventType, zone);
  for (const s of state.slots) {
    const item = document.createElement('li');
    item.textContent = formatRange(s.start, s.end, locale, zone);
    list.append(item);
  }
  if (!state.slots.length) list.append(emptyItem('No free time in the next week.'));
}

async function load() {
  show(true);
  say('');
  const [meetings, types] = await Promise.all([meetingsToday(state.session, zone), api(state.session, '/api/event-types')]);
  renderToday(meetings);
  state.eventTypes = types?.eventTypes ?? [];
  const select = $('event-type');
  select.replaceChildren(...state.eventTypes.map((t, i) => Object.assign(document.createElement('option'), { value: String(i), textContent: `${t.title} (${t.durationMinutes} min)` })));
  await loadSlots();
}

async function copy(text, what) {
  await navigator.clipboard.writeText(text);
  say(`${what} copied.`);
}

async function book(event) {
  event.preventDefault();
  const text = $('sentence').value.trim();
  if (!text) return;
  try {
    $('reply').textContent = '…';
    const reply = await api(state.session, '/api/voice', { method: 'POST', body: { text, timezone: zone } });
    $('reply').textContent = reply.speech;
    $('sentence').value = '';
    $('sentence').placeholder = reply.expectsAnswer ? 'Your answer' : '30 min with alice tomorrow afternoon';
    if (reply.meeting) renderToday(await meetingsToday(state.session, zone));
  } catch (error) {
    $('reply').textContent = error.message;
  }
}

async function start() {
  $('sign-in').addEventListener('submit', signIn);
  $('book').addEventListener('submit', book);
  $('event-type').addEventListener('change', () => loadSlots().catch((e) => say(e.message)));
  $('copy-link').addEventListener('click', () => {
    const eventType = selectedEventType();
    const link = eventType && bookingLink(state.session.server, eventType);
    if (link) copy(link, 'Booking link');
  });
  $('copy-times').addEventListener('click', () => {
    const eventType = selectedEventType();
    if (eventType) copy(slotListText(eventType, state.slots, bookingLink(state.session.server, eventType), locale, zone), 'Times');
  });
  $('sign-out').addEventListener('click', async () => {
    await signOut();
    say('Signed out.');
  });
  const { session } = await chrome.storage.local.get('session');
  state.session = session ?? null;
  if (!state.session) {
    $('server').value = 'http://127.0.0.1:3000';
    return show(false);
  }
  try {
    await load();
  } catch (error) {
    // A revoked or expired token: keeping it would leave an empty signed-in view with no way back.
    if (error.status === 401) await signOut();
    throw error;
  }
}

start().catch((error) => say(error.message));
