/** Errors that make a whole run meaningless carry a stable `code` and an "expected … got …" message. */
export type NewsdedupErrorCode =
  | 'INVALID_OPTION'
  | 'NO_INPUT'
  | 'UNREADABLE_ROOT'
  | 'INPUT_CHANGED'
  | 'OUTPUT_INSIDE_INPUT'
  | 'OUTPUT_NOT_EMPTY'
  | 'STORE_CORRUPT'
  | 'STORE_VERSION'
  | 'STORE_FOREIGN'
  | 'STORE_MISSING'
  | 'STORE_UNAVAILABLE';

export class NewsdedupError extends Error {
  readonly code: NewsdedupErrorCode;
  constructor(code: NewsdedupErrorCode, message: string) {
    super(message);
    this.name = 'NewsdedupError';
    this.code = code;
  }
}

export function invalidOption(name: string, expected: string, got: unknown): NewsdedupError {
  return new NewsdedupError('INVALID_OPTION', `option ${name}: expected ${expected}, got ${describe(got)}`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return typeof value;
}
