import type { Accessor, Setter } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';

/**
 * Storage for a resource (its `storage` option) whose value holds a list: each new value is
 * reconciled into a store, items matched by `key`, so an item still listed keeps its identity and
 * `<For>` keeps its row, and what is being typed in it, across a reading of the list.
 */
export function keyedStorage<T extends object>(key: string) {
  return (init: T | undefined): [Accessor<T | undefined>, Setter<T | undefined>] => {
    const [store, setStore] = createStore<{ value: T | undefined }>({ value: init });
    const set = (next: unknown) => {
      // The resource sets its value as a function of the previous one.
      const v =
        typeof next === 'function' ? (next as (prev: T | undefined) => T | undefined)(store.value) : next;
      setStore('value', reconcile(v as T | undefined, { key }));
      return store.value;
    };
    return [() => store.value, set as Setter<T | undefined>];
  };
}
