import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../config.js';
import { renderEventsDoc, renderReadmeCatalogue } from './catalogue-doc.js';
import { EVENT_CATALOGUE, EventType } from './event-type.js';

describe('the event catalogue', () => {
  it('describes every event type with its payload', () => {
    for (const type of Object.values(EventType)) {
      expect(EVENT_CATALOGUE[type].description.length).toBeGreaterThan(10);
      expect(Object.keys(EVENT_CATALOGUE[type].payload).length).toBeGreaterThan(0);
    }
  });

  it('matches the committed docs/events.md (run `node dist/scripts/events-doc.js` after changing it)', async () => {
    const committed = await readFile(path.join(repoRoot, 'docs', 'events.md'), 'utf8');
    expect(committed).toBe(renderEventsDoc());
  });

  it("matches the README's catalogue table", async () => {
    const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain('<!-- events:end -->');
    expect(readme).toBe(renderReadmeCatalogue(readme));
  });
});
