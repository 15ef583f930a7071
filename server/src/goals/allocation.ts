import { badInput } from '../errors.js';
import { formatFraction } from '../decimal.js';

/**
 * Quota allocation arithmetic (pure, exact, bigint):
 *
 * 1. Each input k (territory potential, market size, capability) is normalised over the members of the
 *    allocation: n_k,i = x_k,i / Σ_j x_k,j. An input that is zero for every member does not tell them
 *    apart, so each member gets 1/N of it.
 * 2. score_i = Σ_k w_k · n_k,i / Σ_k w_k: a weighted average, so the scores of all members sum to 1.
 * 3. Pinned members get exactly their pin. The rest R = total − Σ pins goes to the other members in
 *    proportion to their scores: exact_i = R · score_i / Σ_{unpinned} score_j.
 * 3a. Ramped quotas (ramp.ts): an unpinned member with a factor f_i < 1 carries f_i of that share; what
 *    the ramping members do not carry, U = Σ_r (1 − f_r) · R · score_r / S_u, goes to the fully ramped
 *    members (f = 1) in proportion to their scores: exact_j = R · score_j / S_u + U · score_j / S_full.
 *    With the factors on a common denominator L (f_i = F_i / L) every exact amount is R · w_i / W with
 *    w_r = score_r · F_r · S_full, w_j = score_j · (S_full · L + Σ_r score_r · (L − F_r)) and
 *    W = S_full · L · S_u, so the weights still sum to W and the amounts to R.
 * 4. Rounding to units (kopecks for money, 1 for counts) by the largest-remainder method: every member
 *    gets ⌊exact_i⌋ and the units left over go, one each, to the largest fractional parts; equal
 *    fractional parts go to the member listed first. The amounts therefore sum exactly to the total.
 */
export interface AllocationCandidate {
  memberId: number;
  /** Territory potential in kopecks (0 without a territory). */
  potential: bigint;
  /** Territory market size in kopecks (0 without a territory). */
  marketSize: bigint;
  /** Capability in hundredths (3.25 → 325n). */
  capability: bigint;
}

/** Weights as integers on any common scale (the service uses 10^4). */
export interface AllocationWeights {
  territoryPotential: bigint;
  marketSize: bigint;
  capability: bigint;
}

export interface AllocationRequest {
  /** Team total in units (kopecks for money). */
  total: bigint;
  candidates: AllocationCandidate[];
  weights: AllocationWeights;
  /** Fixed amounts in units, by member id. */
  pins: Map<number, bigint>;
  /** Ramp factors (0 ≤ f ≤ 1) by member id; absent members and pinned ones carry a full share. */
  ramps?: Map<number, Fraction>;
}

export interface Fraction {
  num: bigint;
  den: bigint;
}

export interface AllocationLine {
  memberId: number;
  normalised: { territoryPotential: Fraction; marketSize: Fraction; capability: Fraction };
  score: Fraction;
  /** Exact share of the total before rounding (pins: pin / total). */
  share: Fraction;
  /** Rounded amount in units. */
  amount: bigint;
  pinned: boolean;
  /** Unpinned members with a ramp factor: the factor and the share they would have had without any ramp. */
  ramp: { factor: Fraction; fullShare: Fraction } | null;
}

export interface AllocationResult {
  lines: AllocationLine[];
  pinnedTotal: bigint;
  distributed: bigint;
}

const INPUTS = ['territoryPotential', 'marketSize', 'capability'] as const;
type Input = (typeof INPUTS)[number];

function inputOf(candidate: AllocationCandidate, input: Input): bigint {
  if (input === 'territoryPotential') return candidate.potential;
  return input === 'marketSize' ? candidate.marketSize : candidate.capability;
}

export function allocate(request: AllocationRequest): AllocationResult {
  const { candidates, weights, pins, total } = request;
  const count = BigInt(candidates.length);
  if (count === 0n) throw badInput('memberIds', 'no-members', 'there is nobody to allocate the quota to');
  for (const input of INPUTS) if (weights[input] < 0n) throw badInput(`weights.${input}`, 'non-negative', 'must not be negative');
  const weightSum = weights.territoryPotential + weights.marketSize + weights.capability;
  if (weightSum === 0n) throw badInput('weights', 'not-all-zero', 'at least one weight must be greater than zero');

  // Per input: the values actually used (1 each when the input is zero for everybody) and their sum.
  const used = new Map<Input, { values: bigint[]; sum: bigint }>();
  for (const input of INPUTS) {
    const values = candidates.map((c) => inputOf(c, input));
    const sum = values.reduce((a, b) => a + b, 0n);
    used.set(input, sum === 0n ? { values: values.map(() => 1n), sum: count } : { values, sum });
  }
  const sums = INPUTS.map((input) => used.get(input)!.sum);
  const scoreDen = weightSum * sums.reduce((a, b) => a * b, 1n);
  const scoreNums = candidates.map((_, i) =>
    INPUTS.reduce((acc, input, k) => {
      const others = sums.reduce((product, sum, j) => (j === k ? product : product * sum), 1n);
      return acc + weights[input] * used.get(input)!.values[i] * others;
    }, 0n),
  );

  const pinnedTotal = [...pins.values()].reduce((a, b) => a + b, 0n);
  if (pinnedTotal > total) {
    throw badInput('pins', 'exceeds-total', `the pinned amounts add up to more than the total`);
  }
  const rest = total - pinnedTotal;
  const unpinned = candidates.map((_, i) => i).filter((i) => !pins.has(candidates[i].memberId));
  const unpinnedScore = unpinned.reduce((acc, i) => acc + scoreNums[i], 0n);
  if (rest > 0n && unpinned.length === 0) {
    throw badInput('pins', 'must-sum-to-total', 'every member is pinned, so the pins must add up to the total');
  }
  if (rest > 0n && unpinnedScore === 0n) {
    throw badInput('weights', 'no-score', 'every member who is not pinned scores zero with these weights; nobody can take the rest');
  }

  const factorOf = (i: number) => request.ramps?.get(candidates[i].memberId);
  const { weights: shares, sum: shareSum } = rampedWeights(unpinned, scoreNums, factorOf, rest);
  const amounts = candidates.map((c) => pins.get(c.memberId) ?? 0n);
  if (rest > 0n) {
    const remainders: { index: number; remainder: bigint }[] = [];
    let given = 0n;
    for (const i of unpinned) {
      const exact = rest * shares.get(i)!;
      amounts[i] = exact / shareSum;
      given += amounts[i];
      remainders.push({ index: i, remainder: exact % shareSum });
    }
    // Stable sort: equal remainders keep the order of the candidates.
    remainders.sort((a, b) => (a.remainder === b.remainder ? 0 : a.remainder > b.remainder ? -1 : 1));
    for (let left = rest - given, k = 0; left > 0n; left -= 1n, k += 1) amounts[remainders[k].index] += 1n;
  }

  const ofRest = (num: bigint, den: bigint): Fraction =>
    total === 0n || den === 0n ? { num: 0n, den: 1n } : { num: rest * num, den: den * total };
  const lines = candidates.map((candidate, i): AllocationLine => {
    const pinned = pins.has(candidate.memberId);
    const share: Fraction = pinned
      ? total === 0n
        ? { num: 0n, den: 1n }
        : { num: amounts[i], den: total }
      : ofRest(shares.get(i)!, shareSum);
    const factor = pinned ? undefined : factorOf(i);
    const normalised = Object.fromEntries(
      INPUTS.map((input) => [input, { num: used.get(input)!.values[i], den: used.get(input)!.sum }]),
    ) as AllocationLine['normalised'];
    return {
      memberId: candidate.memberId,
      normalised,
      score: { num: scoreNums[i], den: scoreDen },
      share,
      amount: amounts[i],
      pinned,
      ramp: factor ? { factor, fullShare: ofRest(scoreNums[i], unpinnedScore) } : null,
    };
  });
  return { lines, pinnedTotal, distributed: rest };
}

/**
 * Step 3a: what each unpinned member's part of the rest is proportional to, by candidate index, and the
 * sum of those weights. Without a ramping member they are the scores themselves.
 */
function rampedWeights(
  unpinned: number[],
  scores: bigint[],
  factorOf: (i: number) => Fraction | undefined,
  rest: bigint,
): { weights: Map<number, bigint>; sum: bigint } {
  const scoreSum = unpinned.reduce((acc, i) => acc + scores[i], 0n);
  const ramping = new Set(
    unpinned.filter((i) => {
      const factor = factorOf(i);
      if (factor && (factor.den <= 0n || factor.num < 0n || factor.num > factor.den)) throw new RangeError('a ramp factor lies in [0, 1]');
      return factor !== undefined && factor.num < factor.den;
    }),
  );
  if (ramping.size === 0) return { weights: new Map(unpinned.map((i) => [i, scores[i]])), sum: scoreSum };
  const common = [...ramping].reduce((lcm, i) => {
    const den = factorOf(i)!.den;
    return (lcm / gcd(lcm, den)) * den;
  }, 1n);
  const carried = (i: number) => factorOf(i)!.num * (common / factorOf(i)!.den);
  const fullScore = unpinned.filter((i) => !ramping.has(i)).reduce((acc, i) => acc + scores[i], 0n);
  if (fullScore === 0n && rest > 0n && scoreSum > 0n) {
    throw badInput(
      'rampProfileId',
      'ramp-no-full-member',
      'every member sharing the rest who scores above zero is still ramping; nobody fully ramped can carry the quota they do not',
    );
  }
  const dropped = [...ramping].reduce((acc, i) => acc + scores[i] * (common - carried(i)), 0n);
  const weights = new Map(
    unpinned.map((i) => [i, ramping.has(i) ? scores[i] * carried(i) * fullScore : scores[i] * (fullScore * common + dropped)]),
  );
  return { weights, sum: fullScore * common * scoreSum };
}

/** A fraction as a decimal with `scale` places (rounded half up), for the explanation. */
export function fractionText(fraction: Fraction, scale = 6): string {
  return formatFraction(fraction.num, fraction.den, scale);
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/** A non-negative fraction exactly, in lowest terms: "7/12", or "1" and "0" when whole. */
export function fractionInLowestTerms(fraction: Fraction): string {
  const divisor = gcd(fraction.num, fraction.den) || 1n;
  const num = fraction.num / divisor;
  const den = fraction.den / divisor;
  return den === 1n ? String(num) : `${num}/${den}`;
}
