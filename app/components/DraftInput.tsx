import { createRenderEffect, createSignal, type JSX, splitProps } from 'solid-js';

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onInput' | 'onChange' | 'type'>;

/**
 * A text field that shows `value` except while it holds an edit: from the first keystroke until
 * `commit` answers true, a value that arrives (an engine's answer, a list read again after another
 * row's edit) does not replace what is being typed. A commit that answers false (refused, its error
 * shown elsewhere) keeps the text, to be corrected.
 */
export function DraftInput(
  props: InputProps & { value: string; commit: (text: string) => Promise<boolean> },
) {
  const [own, rest] = splitProps(props, ['value', 'commit']);
  const [editing, setEditing] = createSignal(false);
  const field = (
    <input
      type="text"
      {...rest}
      onInput={() => setEditing(true)}
      onChange={(e) => void own.commit(e.currentTarget.value).then((ok) => ok && setEditing(false))}
    />
  ) as HTMLInputElement;
  createRenderEffect(() => {
    const v = own.value;
    if (!editing()) field.value = v;
  });
  return field;
}
