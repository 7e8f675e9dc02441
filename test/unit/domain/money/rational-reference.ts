/**
 * Reference arithmetic for the property tests, written independently of domain/money (no
 * dinero, plain floor division), so a shared bug cannot make both sides agree.
 */

/** Floor of n / d for any signs, d != 0. */
export function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return (n % d !== 0n && (n < 0n) !== (d < 0n)) ? q - 1n : q;
}

/** n / d rounded to nearest, ties to even, by comparing twice the remainder with the divisor. */
export function referenceHalfEven(n: bigint, d: bigint): bigint {
  const [num, den] = d < 0n ? [-n, -d] : [n, d];
  const q = floorDiv(num, den);
  const twiceRemainder = 2n * (num - q * den);
  if (twiceRemainder < den) return q;
  if (twiceRemainder > den) return q + 1n;
  return q % 2n === 0n ? q : q + 1n;
}

export function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}
