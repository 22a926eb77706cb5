import { describe, expect, it } from 'vitest';
import { AppError, fromSerialized, toAppError } from './errors';

describe('AppError', () => {
  it('serialises to a plain object and back without losing code, message or details', () => {
    const error = new AppError('conflict', "Version '1.0.0' is stale", { current: '1.0.1' });
    const back = fromSerialized(JSON.parse(JSON.stringify(error.toJSON())));
    expect(back).toBeInstanceOf(AppError);
    expect(back.code).toBe('conflict');
    expect(back.message).toBe("Version '1.0.0' is stale");
    expect(back.details).toEqual({ current: '1.0.1' });
  });

  it('turns unexpected errors into a generic internal error that hides the original message', () => {
    const error = toAppError(new TypeError('secret path /home/x/.ssh'));
    expect(error.code).toBe('internal');
    expect(error.message).not.toContain('secret');
  });

  it('maps an unknown code from the wire to internal', () => {
    const error = fromSerialized({ code: 'bogus' as never, message: 'x' });
    expect(error.code).toBe('internal');
  });
});
