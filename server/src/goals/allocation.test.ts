import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { allocate, fractionText, type AllocationCandidate, type AllocationWeights } from './allocation.js';

/** Rubles → kopecks, capability "3.25" → 325. */
const rub = (value: string) => BigInt(value.replace('.', ''));
const member = (memberId: number, potential: string, marketSize: string, capability: string): AllocationCandidate => ({
  memberId,
  potential: rub(potential),
  marketSize: rub(marketSize),
  capability: rub(capability),
});
/** Weights on a 10^4 scale, as the service passes them. */
const weights = (p: string, m: string, c: string): AllocationWeights => ({
  territoryPotential: BigInt(Math.round(Number(p) * 10_000)),
  marketSize: BigInt(Math.round(Number(m) * 10_000)),
  capability: BigInt(Math.round(Number(c) * 10_000)),
});
const amounts = (result: ReturnType<typeof allocate>) => result.lines.map((l) => l.amount);
const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

function refused(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected the allocation to be refused');
}

describe('quota allocation arithmetic (hand-computed cases)', () => {
  it('splits by the weighted, normalised score', () => {
    // potential 300/100 → 0.75/0.25; market 100/100 → 0.5/0.5; capability 2/3 → 0.4/0.6
    // score A = 0.5·0.75 + 0.2·0.5 + 0.3·0.4 = 0.595, B = 0.5·0.25 + 0.2·0.5 + 0.3·0.6 = 0.405
    const candidates = [member(1, '300.00', '100.00', '2.00'), member(2, '100.00', '100.00', '3.00')];
    const result = allocate({ total: rub('1000.00'), candidates, weights: weights('0.5', '0.2', '0.3'), pins: new Map() });
    expect(result.lines.map((l) => fractionText(l.score))).toEqual(['0.595000', '0.405000']);
    expect(result.lines.map((l) => fractionText(l.normalised.territoryPotential))).toEqual(['0.750000', '0.250000']);
    expect(result.lines.map((l) => fractionText(l.normalised.marketSize))).toEqual(['0.500000', '0.500000']);
    expect(result.lines.map((l) => fractionText(l.normalised.capability))).toEqual(['0.400000', '0.600000']);
    expect(amounts(result)).toEqual([rub('595.00'), rub('405.00')]);
    expect(result.lines.map((l) => fractionText(l.share))).toEqual(['0.595000', '0.405000']);
  });

  it('gives the kopeck left over by a total that does not divide evenly to the largest remainder', () => {
    // 1000.01 → A 595.00595 (remainder .595 kopeck), B 405.00405 (remainder .405): A gets the spare kopeck
    const candidates = [member(1, '300.00', '100.00', '2.00'), member(2, '100.00', '100.00', '3.00')];
    const result = allocate({ total: rub('1000.01'), candidates, weights: weights('0.5', '0.2', '0.3'), pins: new Map() });
    expect(amounts(result)).toEqual([rub('595.01'), rub('405.00')]);
    // capability 1 and 2 share 0.10: 3.33 and 6.67 kopecks → floors 3 + 6, the spare kopeck goes to the second
    const second = allocate({
      total: 10n,
      candidates: [member(1, '0', '0', '1.00'), member(2, '0', '0', '2.00')],
      weights: weights('0', '0', '1'),
      pins: new Map(),
    });
    expect(amounts(second)).toEqual([3n, 7n]);
  });

  it('breaks ties in favour of the member listed first', () => {
    const three = [1, 2, 3].map((id) => member(id, '500.00', '900.00', '3.00'));
    expect(amounts(allocate({ total: rub('100.00'), candidates: three, weights: weights('0.4', '0.2', '0.4'), pins: new Map() }))).toEqual([
      rub('33.34'),
      rub('33.33'),
      rub('33.33'),
    ]);
    // 1.00 among seven equals: 14 kopecks each, 2 left over → the first two get 15
    const seven = [1, 2, 3, 4, 5, 6, 7].map((id) => member(id, '1.00', '1.00', '1.00'));
    const result = allocate({ total: 100n, candidates: seven, weights: weights('1', '1', '1'), pins: new Map() });
    expect(amounts(result)).toEqual([15n, 15n, 14n, 14n, 14n, 14n, 14n]);
    // remainders .5, .5, 0: the first of the two equal remainders gets the kopeck
    const halves = allocate({
      total: 10n,
      candidates: [member(1, '0', '0', '1.00'), member(2, '0', '0', '1.00'), member(3, '0', '0', '2.00')],
      weights: weights('0', '0', '1'),
      pins: new Map(),
    });
    expect(amounts(halves)).toEqual([3n, 2n, 5n]);
  });

  it('treats an input that is zero for everybody as equal, and a zero input of one member as zero', () => {
    // no territories: potential and market size are equal thirds; capability 0/2/2 → 0, 0.5, 0.5
    // score A = 0.4/3 + 0.2/3 + 0 = 0.2; B = C = 0.4/3 + 0.2/3 + 0.4·0.5 = 0.4
    const candidates = [member(1, '0', '0', '0.00'), member(2, '0', '0', '2.00'), member(3, '0', '0', '2.00')];
    const result = allocate({ total: rub('1000.00'), candidates, weights: weights('0.4', '0.2', '0.4'), pins: new Map() });
    expect(result.lines.map((l) => fractionText(l.normalised.territoryPotential))).toEqual(['0.333333', '0.333333', '0.333333']);
    expect(result.lines.map((l) => fractionText(l.score))).toEqual(['0.200000', '0.400000', '0.400000']);
    expect(amounts(result)).toEqual([rub('200.00'), rub('400.00'), rub('400.00')]);
    // everything zero: an equal split
    const zero = [1, 2, 3].map((id) => member(id, '0', '0', '0'));
    expect(amounts(allocate({ total: rub('90.00'), candidates: zero, weights: weights('1', '1', '1'), pins: new Map() }))).toEqual([
      rub('30.00'),
      rub('30.00'),
      rub('30.00'),
    ]);
    // a zero total gives zeros
    expect(amounts(allocate({ total: 0n, candidates: zero, weights: weights('1', '0', '0'), pins: new Map() }))).toEqual([0n, 0n, 0n]);
  });

  it('keeps pinned members at their amount and distributes the rest by score', () => {
    // capability only: 4/1/3 → normalised 0.5, 0.125, 0.375; A pinned at 500 → B and C share 500 as 1:3
    const candidates = [member(1, '0', '0', '4.00'), member(2, '0', '0', '1.00'), member(3, '0', '0', '3.00')];
    const result = allocate({ total: rub('1000.00'), candidates, weights: weights('0', '0', '1'), pins: new Map([[1, rub('500.00')]]) });
    expect(amounts(result)).toEqual([rub('500.00'), rub('125.00'), rub('375.00')]);
    expect(result.lines.map((l) => fractionText(l.score))).toEqual(['0.500000', '0.125000', '0.375000']);
    expect(result.lines.map((l) => fractionText(l.share))).toEqual(['0.500000', '0.125000', '0.375000']);
    expect(result.lines.map((l) => l.pinned)).toEqual([true, false, false]);
    expect(result.pinnedTotal).toBe(rub('500.00'));
    expect(result.distributed).toBe(rub('500.00'));
    // the rest 333.34 does not divide by 1:3 → 83.335 and 250.005: equal remainders, B (listed first) gets the kopeck
    const uneven = allocate({ total: rub('1000.01'), candidates, weights: weights('0', '0', '1'), pins: new Map([[1, rub('666.67')]]) });
    expect(amounts(uneven)).toEqual([rub('666.67'), rub('83.34'), rub('250.00')]);
    expect(sum(amounts(uneven))).toBe(rub('1000.01'));
    // pins may take the whole total; the others get zero
    const all = allocate({ total: rub('10.00'), candidates, weights: weights('0', '0', '1'), pins: new Map([[2, rub('10.00')]]) });
    expect(amounts(all)).toEqual([0n, rub('10.00'), 0n]);
  });

  it('always sums exactly to the total', () => {
    const candidates = [
      member(1, '480000000.00', '2100000000.00', '4.90'),
      member(2, '260000000.00', '950000000.00', '2.00'),
      member(3, '210000000.00', '820000000.00', '3.33'),
      member(4, '0', '0', '4.17'),
      member(5, '185000000.00', '760000000.00', '0.00'),
      member(6, '120000000.00', '540000000.00', '2.71'),
    ];
    for (const total of ['0.01', '0.05', '1.00', '99999.99', '123456789.01', '987654321098.77']) {
      for (const w of [
        weights('0.4', '0.2', '0.4'),
        weights('1', '0', '0'),
        weights('0.3333', '0.3333', '0.3334'),
        weights('0', '7', '3'),
      ]) {
        const result = allocate({ total: rub(total), candidates, weights: w, pins: new Map() });
        expect(sum(amounts(result))).toBe(rub(total));
        expect(result.lines.every((l) => l.amount >= 0n)).toBe(true);
      }
    }
  });

  it('refuses weights that are all zero or negative, pins above the total, and nobody to allocate to', () => {
    const candidates = [member(1, '1.00', '1.00', '1.00'), member(2, '0', '0', '0')];
    expect(refused(() => allocate({ total: 100n, candidates, weights: weights('0', '0', '0'), pins: new Map() })).details).toMatchObject({
      field: 'weights',
      rule: 'not-all-zero',
    });
    expect(
      refused(() => allocate({ total: 100n, candidates, weights: { ...weights('1', '0', '0'), marketSize: -1n }, pins: new Map() }))
        .details,
    ).toMatchObject({
      field: 'weights.marketSize',
      rule: 'non-negative',
    });
    expect(
      refused(() =>
        allocate({
          total: 100n,
          candidates,
          weights: weights('1', '1', '1'),
          pins: new Map([
            [1, 60n],
            [2, 41n],
          ]),
        }),
      ).details,
    ).toMatchObject({
      field: 'pins',
      rule: 'exceeds-total',
    });
    expect(
      refused(() =>
        allocate({
          total: 100n,
          candidates,
          weights: weights('1', '1', '1'),
          pins: new Map([
            [1, 60n],
            [2, 39n],
          ]),
        }),
      ).details,
    ).toMatchObject({
      field: 'pins',
      rule: 'must-sum-to-total',
    });
    // member 2 scores zero on every input, and member 1 is pinned: nobody can take the rest
    expect(
      refused(() => allocate({ total: 100n, candidates, weights: weights('1', '1', '1'), pins: new Map([[1, 60n]]) })).details,
    ).toMatchObject({
      rule: 'no-score',
    });
    expect(
      refused(() => allocate({ total: 100n, candidates: [], weights: weights('1', '1', '1'), pins: new Map() })).details,
    ).toMatchObject({
      rule: 'no-members',
    });
  });

  it('reduces the share of ramping members and gives what they do not carry to the fully ramped ones, to the kopeck', () => {
    // capability only 1/2/3/4 → scores 0.1, 0.2, 0.3, 0.4; total 1000.01 = 100001 kopecks; full shares
    // 10000.1, 20000.2, 30000.3, 40000.4. A in tenure month 1 (25 %) carries 2500.025, B in month 3 (75 %)
    // 15000.15; they do not carry U = 7500.075 + 5000.05 = 12500.125, which C and D share 3:4:
    // C = 30000.3 + 5357.196428… = 35357.496428…, D = 40000.4 + 7142.928571… = 47143.328571… (sum 100001).
    // Floors 2500 + 15000 + 35357 + 47143 = 100000: the spare kopeck goes to C (remainder .496 is the largest).
    const candidates = [member(1, '0', '0', '1.00'), member(2, '0', '0', '2.00'), member(3, '0', '0', '3.00'), member(4, '0', '0', '4.00')];
    const ramps = new Map([
      [1, { num: 2500n, den: 10_000n }],
      [2, { num: 7500n, den: 10_000n }],
      [3, { num: 10_000n, den: 10_000n }],
      [4, { num: 10_000n, den: 10_000n }],
    ]);
    const result = allocate({ total: rub('1000.01'), candidates, weights: weights('0', '0', '1'), pins: new Map(), ramps });
    expect(amounts(result)).toEqual([rub('25.00'), rub('150.00'), rub('353.58'), rub('471.43')]);
    expect(sum(amounts(result))).toBe(rub('1000.01'));
    // shares: 0.1 × 0.25, 0.2 × 0.75, 0.3 + 0.125 × 3/7 = 0.353571…, 0.4 + 0.125 × 4/7 = 0.471428…
    expect(result.lines.map((l) => fractionText(l.share))).toEqual(['0.025000', '0.150000', '0.353571', '0.471429']);
    expect(result.lines.map((l) => fractionText(l.ramp!.fullShare))).toEqual(['0.100000', '0.200000', '0.300000', '0.400000']);
    expect(result.lines.map((l) => fractionText(l.ramp!.factor, 2))).toEqual(['0.25', '0.75', '1.00', '1.00']);
    // without the ramp the same team gets its plain shares
    const plain = allocate({ total: rub('1000.01'), candidates, weights: weights('0', '0', '1'), pins: new Map() });
    expect(amounts(plain)).toEqual([rub('100.00'), rub('200.00'), rub('300.00'), rub('400.01')]);
    expect(plain.lines.every((l) => l.ramp === null)).toBe(true);
  });

  it("ramps by a quarter's average factor, kept as an exact fraction", () => {
    // equal scores, total 100.00: A at 19/30 (30 %, 60 %, 100 % over the quarter) carries 5000 × 19/30 =
    // 3166.666… kopecks, B the rest 6833.333…; floors 3166 + 6833, the spare kopeck to A (.667 > .333).
    const candidates = [member(1, '0', '0', '2.00'), member(2, '0', '0', '2.00')];
    const ramps = new Map([[1, { num: 19_000n, den: 30_000n }]]);
    const result = allocate({ total: rub('100.00'), candidates, weights: weights('0', '0', '1'), pins: new Map(), ramps });
    expect(amounts(result)).toEqual([rub('31.67'), rub('68.33')]);
    expect(result.lines.map((l) => fractionText(l.share))).toEqual(['0.316667', '0.683333']);
    expect(result.lines[1].ramp).toBeNull();
  });

  it('never ramps a pinned member; the others share the rest with their ramp', () => {
    // D pinned at 400.00 (its factor is ignored); rest 600.01 = 60001 kopecks over scores 0.1/0.2/0.3:
    // full shares 10000.1666…, 20000.333…, 30000.5; A (25 %) 2500.041666…, B (75 %) 15000.25, and C, the
    // only one fully ramped, 30000.5 + 7500.125 + 5000.083333… = 42500.708333…; the spare kopeck goes to C.
    const candidates = [member(1, '0', '0', '1.00'), member(2, '0', '0', '2.00'), member(3, '0', '0', '3.00'), member(4, '0', '0', '4.00')];
    const ramps = new Map([
      [1, { num: 1n, den: 4n }],
      [2, { num: 3n, den: 4n }],
      [4, { num: 1n, den: 4n }],
    ]);
    const result = allocate({
      total: rub('1000.01'),
      candidates,
      weights: weights('0', '0', '1'),
      pins: new Map([[4, rub('400.00')]]),
      ramps,
    });
    expect(amounts(result)).toEqual([rub('25.00'), rub('150.00'), rub('425.01'), rub('400.00')]);
    expect(result.lines.map((l) => l.ramp === null)).toEqual([false, false, true, true]);
    // shares of 100001: 2500.041666… → 0.025000, 15000.25 → 0.150001, 42500.708333… → 0.425003, 40000 → 0.399996
    expect(result.lines.map((l) => fractionText(l.share))).toEqual(['0.025000', '0.150001', '0.425003', '0.399996']);
  });

  it('refuses a ramp when nobody fully ramped can carry what the ramping members do not', () => {
    const candidates = [member(1, '0', '0', '1.00'), member(2, '0', '0', '0.00')];
    const ramps = new Map([[1, { num: 1n, den: 2n }]]);
    // member 2 is fully ramped but scores zero
    expect(
      refused(() => allocate({ total: 100n, candidates, weights: weights('0', '0', '1'), pins: new Map(), ramps })).details,
    ).toMatchObject({ field: 'rampProfileId', rule: 'ramp-no-full-member' });
    // nobody fully ramped at all (member 2 pinned)
    expect(
      refused(() => allocate({ total: 100n, candidates, weights: weights('0', '0', '1'), pins: new Map([[2, 10n]]), ramps })).details,
    ).toMatchObject({ rule: 'ramp-no-full-member' });
  });
});
