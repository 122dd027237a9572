import { expect } from 'chai';
import { renderUnsubscribePage } from '../../../../api/routes/notificationPreferences/unsubscribePage.js';

describe('the unsubscribe page', () => {
  const target = { email: 'ivy@example.com', kind: 'confirmation' as const };
  const pages = [renderUnsubscribePage({ state: 'ask', target, action: '/unsubscribe/t' }), renderUnsubscribePage({ state: 'done', target, action: '/unsubscribe/t' }), renderUnsubscribePage({ state: 'invalid' })];

  it('is styled by the site\u2019s stylesheet, with no inline style the CSP (style-src \u2018self\u2019) would block', () => {
    for (const page of pages) {
      expect(page).to.not.match(/\sstyle=/).and.not.include('<style');
      expect(page).to.include('<link rel="stylesheet" href="/assets/app.css').and.include('<main id="main">');
    }
  });

  it('tells an invitee what is true for them: no CLI command, the meeting links still work', () => {
    const done = pages[1]!;
    expect(done).to.include('Done: ivy@example.com gets no more e-mails about booking confirmations.');
    expect(done).to.not.include('yava notifications');
    expect(done).to.include('the links in earlier e-mails still open them').and.include('href="/app/notifications"');
    expect(done, 'a way back for a guest too').to.include('<form method="post" action="/unsubscribe/t/undo">');
  });
});
