/** Assert that `fn` throws an error carrying the stable `code` (tests match codes, not classes). */
export function expectErrorCode(fn: () => unknown, code: string): void {
  let caught: unknown = undefined;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toMatchObject({ code });
}

/** A copy of `value` without `key` (to build inputs lacking an optional part). */
export function omit<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy = { ...value };
  delete copy[key];
  return copy;
}
