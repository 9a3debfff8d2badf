import { createMemo, createSignal, For, onMount } from 'solid-js';

export interface Command {
  readonly id: string;
  readonly label: string;
  readonly keys?: string;
  run(): void;
}

/** Ctrl+K (or Ctrl+Shift+P): type to filter the notebook's commands, Enter runs, Escape closes. */
export function CommandPalette(props: { commands: readonly Command[]; onClose: () => void }) {
  let input!: HTMLInputElement;
  const [q, setQ] = createSignal('');
  const [sel, setSel] = createSignal(0);
  const matches = createMemo(() => {
    const words = q().toLowerCase().split(/\s+/).filter(Boolean);
    return props.commands.filter((c) => words.every((w) => c.label.toLowerCase().includes(w)));
  });
  const run = (c: Command | undefined) => {
    if (!c) return;
    props.onClose();
    c.run();
  };
  onMount(() => input.focus());
  return (
    <div class="palette-backdrop" onClick={() => props.onClose()}>
      <div class="palette" onClick={(e) => e.stopPropagation()} data-testid="palette">
        <input
          ref={input}
          placeholder="Type a command…"
          value={q()}
          data-testid="palette-input"
          onInput={(e) => {
            setQ(e.currentTarget.value);
            setSel(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') props.onClose();
            else if (e.key === 'ArrowDown') setSel((s) => Math.min(matches().length - 1, s + 1));
            else if (e.key === 'ArrowUp') setSel((s) => Math.max(0, s - 1));
            else if (e.key === 'Enter') run(matches()[sel()]);
            else return;
            e.preventDefault();
          }}
        />
        <ul>
          <For each={matches()}>
            {(c, i) => (
              <li class={i() === sel() ? 'on' : ''} onMouseEnter={() => setSel(i())} onClick={() => run(c)}>
                {c.label}
                {c.keys ? <kbd>{c.keys}</kbd> : null}
              </li>
            )}
          </For>
        </ul>
      </div>
    </div>
  );
}
