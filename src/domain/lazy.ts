/**
 * A value built on first use. Building every zod schema while the app's modules load cost
 * about 0.1 s of CPU on a phone (0.4 s with the 4x slowdown of the cold-start benchmark),
 * before the first screen could show; most starts validate nothing until the first save.
 *
 * The proxy forwards every read to the built value (methods bound to it), so callers keep
 * writing `FIELD_SCHEMAS.appeal.safeParse(x)` and `mutationSchema.safeParse(x)`. Do not pass
 * a lazy value into another zod schema: build the composite inside the same builder.
 */
export function lazily<T extends object>(build: () => T): T {
  let built: T | undefined;
  const value = (): T => (built ??= build());
  return new Proxy({} as T, {
    get(_target, key) {
      const v = value();
      const out: unknown = Reflect.get(v, key, v);
      return typeof out === 'function' ? (out as (...a: unknown[]) => unknown).bind(v) : out;
    },
    has: (_target, key) => Reflect.has(value(), key),
    ownKeys: () => Reflect.ownKeys(value()),
    getOwnPropertyDescriptor(_target, key) {
      const d = Reflect.getOwnPropertyDescriptor(value(), key);
      // The proxy's target is an empty object: a property it lacks must be reported configurable.
      return d ? { ...d, configurable: true } : undefined;
    },
  });
}
