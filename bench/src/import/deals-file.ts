import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import pg from 'pg';
import { Random } from '@sales-graph/server/random';

const ROUTE = ['LEAD', 'QUALIFIED', 'PROPOSAL', 'NEGOTIATION'];
const DAY = 86_400_000;
const HEADER = 'externalId,title,customer,owner,stage,amount,expectedCloseDate,closeDate,closeReason,channel,createdAt,stageHistory';

/**
 * Writes a generic-layout CSV of `count` past and open deals of the organisation in `databaseUrl`: each
 * names a customer by ИНН and an owner by e-mail, walks one to four open stages over 2024–2025 and ends
 * won (30 %), lost (20 %) or open, with its stage history. Deterministic for a seed.
 */
export async function writeDealsFile(databaseUrl: string, path: string, count: number, seed = 20261201): Promise<{ stageChanges: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const owners = (await client.query<{ email: string }>(`select email from member where role = 'REP' and archived_at is null order by id`))
    .rows;
  const customers = (await client.query<{ tax_id: string }>('select tax_id from customer where tax_id is not null order by id')).rows;
  await client.end();
  const random = new Random(seed);
  const out = createWriteStream(path);
  out.write(`${HEADER}\r\n`);
  let stageChanges = 0;
  for (let i = 0; i < count; i += 1) {
    const created = Date.UTC(2024, 0, 1) + random.int(0, 600) * DAY + 9 * 3_600_000;
    const steps = random.int(1, 4);
    const history: string[] = [];
    let at = created;
    for (let s = 0; s < steps; s += 1) {
      history.push(`${ROUTE[s]}@${new Date(at).toISOString()}`);
      at += random.int(1, 20) * DAY;
    }
    const outcome = random.next();
    const closed = outcome < 0.5 ? (outcome < 0.3 ? 'WON' : 'LOST') : null;
    if (closed) history.push(`${closed}@${new Date(at).toISOString()}`);
    stageChanges += history.length;
    const closeDate = closed ? new Date(at).toISOString().slice(0, 10) : '';
    const amount = `${random.int(10_000, 5_000_000)}.${String(random.int(0, 99)).padStart(2, '0')}`;
    const line = [
      `BENCH-${i}`,
      `Сделка ${i}`,
      customers[i % customers.length].tax_id,
      owners[i % owners.length].email,
      closed ?? ROUTE[steps - 1],
      amount,
      new Date(at + 30 * DAY).toISOString().slice(0, 10),
      closeDate,
      closed ? 'Итог переговоров' : '',
      'DIRECT',
      new Date(created).toISOString(),
      history.join('|'),
    ].join(',');
    if (!out.write(`${line}\r\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { stageChanges };
}
