import { Flags } from '@oclif/core';
import { ApiCommand } from '../baseCommand.js';

interface FeedUrls {
  url: string;
  webcalUrl: string;
}

export default class Feed extends ApiCommand<typeof Feed> {
  static override summary = 'Show your calendar subscription URL (ICS feed).';
  static override description = 'Subscribe to this URL in your calendar app to see your Yava meetings. Keep it secret: anyone with it can read your meetings. --rotate replaces it and turns the old URL off.';
  static override examples = ['<%= config.bin %> feed', '<%= config.bin %> feed --rotate', '<%= config.bin %> feed --json'];
  static override flags = {
    rotate: Flags.boolean({ description: 'Issue a new URL; the old one stops working.' }),
  };

  async run(): Promise<FeedUrls> {
    const feed = this.flags.rotate
      ? await this.spin('Rotating feed URL', this.client.post<FeedUrls>('/api/me/feed/rotate'))
      : await this.spin('Loading feed URL', this.client.get<FeedUrls>('/api/me/feed'));
    if (this.flags.rotate) this.log('New feed URL (the old one no longer works):');
    this.log(feed.url);
    this.log(`webcal: ${feed.webcalUrl}`);
    return feed;
  }
}
