// Keeps the toolbar badge at the number of meetings still ahead today, refreshed every 15
// minutes and whenever the popup signs in or out.
import { meetingsToday } from './yava.js';

const REFRESH = 'yava-refresh-badge';

async function refreshBadge() {
  const { session } = await chrome.storage.local.get('session');
  if (!session) return chrome.action.setBadgeText({ text: '' });
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const now = new Date();
    const ahead = (await meetingsToday(session, zone, now)).filter((m) => new Date(m.end) > now);
    await chrome.action.setBadgeBackgroundColor({ color: '#4f46e5' });
    await chrome.action.setBadgeText({ text: ahead.length ? String(ahead.length) : '' });
  } catch {
    await chrome.action.setBadgeText({ text: '!' });
  }
}

chrome.runtime.onInstalled.addListener(() => chrome.alarms.create(REFRESH, { periodInMinutes: 15 }));
chrome.runtime.onStartup.addListener(refreshBadge);
chrome.alarms.onAlarm.addListener((alarm) => alarm.name === REFRESH && refreshBadge());
chrome.storage.onChanged.addListener((changes) => 'session' in changes && refreshBadge());
