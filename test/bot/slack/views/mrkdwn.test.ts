import { expect } from 'chai';
import { HELP_TEXT, type Reply } from '../../../../bot/conversation/index.js';
import { appHomeView } from '../../../../bot/slack/views/appHome.js';
import { renderReply } from '../../../../bot/slack/views/messages.js';

/** Every mrkdwn text and the fallback text of a message. */
const textsOf = (message: { text: string; blocks?: unknown[] }): string[] => [message.text, ...JSON.stringify(message.blocks ?? []).matchAll(/"type":"mrkdwn","text":"((?:[^"\\]|\\.)*)"/g)].map((m) => (typeof m === 'string' ? m : JSON.parse(`"${m[1]}"`)));

describe('Slack messages escape &, < and > for mrkdwn', () => {
  const meeting = { id: '00000001-0000-4000-8000-000000000000', title: 'R&D <Team> sync', start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T09:30:00.000Z', label: 'Tue 1 Dec, 10:00–10:30', withNames: ['R&D <Team>'] };

  it('shows titles and names such as "R&D <Team>" as written, and "<!channel>" as text', () => {
    const slots: Reply = { kind: 'slots', proposalId: '0b5c7a4e-8f3e-4d7a-9a51-3c2f1e0d9b8a', title: 'R&D <Team> sync <!channel>', durationMinutes: 30, withNames: ['R&D <Team>'], timezone: 'UTC', slots: [{ start: meeting.start, end: meeting.end, label: meeting.label }] };
    for (const message of [renderReply(slots), renderReply({ kind: 'meetings', meetings: [meeting], timezone: 'UTC' }), renderReply({ kind: 'canceled', meeting })]) {
      const texts = textsOf(message);
      expect(texts.filter((text) => text.includes('R&amp;D &lt;Team&gt;')).length, message.text).to.equal(message.blocks ? 2 : 1);
      for (const text of texts) expect(text.replace(/&(?:amp|lt|gt);/g, ''), text).not.to.match(/[&<>]/);
    }
    expect(renderReply(slots).text).to.include('&lt;!channel&gt;');
    const home = appHomeView({ meetings: [meeting], timezone: 'UTC' });
    expect(JSON.stringify(home.blocks)).to.include('R&amp;D &lt;Team&gt;');
  });

  it('keeps the mentions Yava writes, and shows the help\'s "<id>" as written', () => {
    expect(renderReply({ kind: 'error', text: '<@UCAROL> has no Yava account linked yet: they can run /meet link' }).text).to.equal(':warning: <@UCAROL> has no Yava account linked yet: they can run /meet link');
    expect(renderReply({ kind: 'help', text: HELP_TEXT }).text).to.include('`/meet cancel &lt;id&gt;`');
    expect(renderReply({ kind: 'question', text: 'Which r&d — R&D <Team> or R&D Ops?' }).text).to.equal('Which r&amp;d — R&amp;D &lt;Team&gt; or R&amp;D Ops?');
  });
});
