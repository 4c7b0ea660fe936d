import type { LockHolder } from './adapters/adapter.js';
import type { ShaleError } from './errors.js';

export type Direction = 'up' | 'down';

/** Progress events. The library never prints; the CLI (or your code) subscribes. */
export interface ShaleEvents {
  'lock:wait': { readonly holder: LockHolder | null };
  'lock:acquired': { readonly waitedMs: number };
  'migration:start': { readonly id: string; readonly direction: Direction; readonly location: string };
  'migration:done': { readonly id: string; readonly direction: Direction; readonly durationMs: number; readonly statements: number };
  'migration:fail': { readonly id: string; readonly direction: Direction; readonly error: ShaleError };
  'statement:start': { readonly id: string; readonly index: number; readonly total: number; readonly sql: string };
  'hook:run': { readonly name: string; readonly location: string };
  warning: { readonly message: string; readonly id?: string };
}

export type ShaleEventName = keyof ShaleEvents;
export type Listener<K extends ShaleEventName> = (payload: ShaleEvents[K]) => void;

/**
 * A small typed event emitter over an event map (`{ name: payload }`), {@link ShaleEvents} by
 * default. Listener errors are not swallowed: they propagate to the emitter.
 * @example const e = new Emitter<{ tick: { n: number } }>(); e.on('tick', ({ n }) => console.log(n)); e.emit('tick', { n: 1 })
 */
export class Emitter<E extends object = ShaleEvents> {
  private readonly listeners = new Map<keyof E, Set<(p: never) => void>>();

  on<K extends keyof E>(name: K, fn: (payload: E[K]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(fn as (p: never) => void);
    return () => set.delete(fn as (p: never) => void);
  }

  emit<K extends keyof E>(name: K, payload: E[K]): void {
    for (const fn of this.listeners.get(name) ?? []) (fn as (p: E[K]) => void)(payload);
  }
}
