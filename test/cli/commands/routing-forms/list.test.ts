import { expect } from 'chai';
import RoutingFormsList from '../../../../cli/commands/routing-forms/list.js';
import { fakeApi, runWith } from '../harness.js';

describe('cli/commands/routing-forms/list', () => {
  it('shows each form with its counts, fallback and public link', async () => {
    const form = { id: 'f1', slug: 'sales', title: 'Talk to us', owner: 'alice', questions: [{}, {}], rules: [{}, {}, {}], fallback: { type: 'url' } };
    const api = fakeApi({ 'GET /api/routing-forms': { forms: [form] } });
    const { result, stdout } = await runWith<{ forms: unknown[] }>(RoutingFormsList, [], api);
    expect(result.forms).to.deep.equal([form]);
    expect(stdout).to.include('sales').and.include('Talk to us').and.include('http://fake.invalid/alice/forms/sales');
    expect(stdout).to.match(/sales\s+Talk to us\s+2\s+3\s+url/);
  });

  it('says how to start when there is none', async () => {
    const { stdout } = await runWith(RoutingFormsList, [], fakeApi({ 'GET /api/routing-forms': { forms: [] } }));
    expect(stdout).to.include('No routing forms yet');
  });
});
