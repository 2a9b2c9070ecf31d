// Valid and unique 公民身份号码 and mobile numbers for generated people.
import { checkDigit } from '../../../shared/rules/idNumber';
import { MOBILE_PREFIXES } from './places';
import type { Rng } from './random';

/** Hands out ID numbers: address code + birth date + a sequence of the right parity + check digit, never twice. */
export class IdRegistry {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Rng) {}

  /** `birthDate` as YYYY-MM-DD; sex '1' 男 (odd sequence) or '2' 女 (even). */
  issue(addressCode: string, birthDate: string, sex: '1' | '2'): string {
    const stem = addressCode + birthDate.replaceAll('-', '');
    for (let attempt = 0; attempt < 2000; attempt++) {
      // 男 001–999 odd, 女 002–998 even.
      const seq = sex === '1' ? 2 * this.rng.int(0, 499) + 1 : 2 * this.rng.int(1, 499);
      const first17 = stem + String(seq).padStart(3, '0');
      if (this.used.has(first17)) continue;
      this.used.add(first17);
      return first17 + checkDigit(first17);
    }
    throw new Error(`no free ID sequence for ${stem}`);
  }

  /** Marks an existing number as taken. */
  reserve(idNumber: string): void {
    this.used.add(idNumber.slice(0, 17));
  }
}

export class PhoneRegistry {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Rng) {}

  mobile(): string {
    for (;;) {
      const n = this.rng.pick(MOBILE_PREFIXES) + String(this.rng.int(0, 99_999_999)).padStart(8, '0');
      if (!this.used.has(n)) {
        this.used.add(n);
        return n;
      }
    }
  }
}
