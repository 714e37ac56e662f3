/** One validation error: where (`journey.whoami.identity`) and what, with the valid choices when there are any. */
export interface SpecError {
  path: string;
  message: string;
}

/** Collects errors under a path prefix, so validators report every problem at once. */
export class SpecErrors {
  readonly list: SpecError[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  /** Records an error unless `value` is one of `choices`. */
  oneOf(path: string, value: unknown, choices: readonly string[]): void {
    if (typeof value !== 'string' || !choices.includes(value)) {
      this.add(path, `${JSON.stringify(value)} is not allowed. Valid choices: ${choices.join(', ')}`);
    }
  }

  /** Records an error unless `value` is a finite number in [min, max]; returns whether it was. */
  number(path: string, value: unknown, min: number, max = Number.POSITIVE_INFINITY): boolean {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      const range = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `between ${min} and ${max}`;
      this.add(path, `${JSON.stringify(value)} must be a number ${range}`);
      return false;
    }
    return true;
  }

  /** Records an error unless `value` is a whole number in [min, max]; returns whether it was. */
  whole(path: string, value: unknown, min: number, max: number): boolean {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      this.add(path, `${JSON.stringify(value)} must be a whole number between ${min} and ${max}`);
      return false;
    }
    return true;
  }
}
