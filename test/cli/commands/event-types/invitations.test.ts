import { expect } from 'chai';
import EventTypesInvitations from '../../../../cli/commands/event-types/invitations.js';
import { fakeApi, runWith } from '../harness.js';

const pairing = { id: 'e1', slug: 'pairing', title: 'Pairing', kind: 'collective', durationMinutes: 30, owner: { username: 'ada', name: 'Ada Lovelace' } };
const desk = { id: 'e2', slug: 'desk', title: 'Help desk', kind: 'round_robin', durationMinutes: 15, owner: { username: 'cy', name: 'Cy' } };

describe('cli/commands/event-types/invitations', () => {
  it('run: lists open invitations with the commands that answer them, and the event types you host', async () => {
    const invitations = [{ id: 'i-1', status: 'pending', eventType: pairing, createdAt: '2026-11-24T10:00:00.000Z' }];
    const api = fakeApi({ 'GET /api/event-types/host-invitations': { invitations }, 'GET /api/event-types/co-hosted': { eventTypes: [desk] } });
    const { result, stdout } = await runWith(EventTypesInvitations, [], api);
    expect(result).to.deep.equal({ invitations, coHosted: [desk] });
    expect(stdout).to.match(/i-1\s+ada\/pairing\s+Pairing\s+30\s+collective\s+Ada Lovelace/);
    expect(stdout).to.include('yava event-types accept <id>').and.include('yava event-types decline <id>');
    expect(stdout).to.match(/You host:\n.*\ncy\/desk\s+Help desk\s+15\s+round_robin/);
    expect(stdout).to.include('yava event-types leave <event type>');
  });

  it('run: says so when there is nothing to answer', async () => {
    const api = fakeApi({ 'GET /api/event-types/host-invitations': { invitations: [] }, 'GET /api/event-types/co-hosted': { eventTypes: [] } });
    const { stdout } = await runWith(EventTypesInvitations, [], api);
    expect(stdout.trim()).to.equal('No invitations to host an event type.');
  });
});
