/**
 * A message with named values for text that changes with every update ("waiting in total: 24"):
 * vue-i18n works it out once per language with markers in place of the values, and each new value
 * is then put into those places. A vue-i18n call with values builds a cache key (a JSON of its
 * arguments) and resolves the message every time — on a TV stick more than the figure it quotes
 * (npm run bench -- tv). For plain `{name}` messages only: a plural or a linked message would need
 * the value itself, and must stay a `t()` call.
 */
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

/** a value's place in the worked-out message: private-use characters, which no message holds */
const mark = (i: number) => `\uE000${i}\uE001`;
const MARKS = /\uE000(\d+)\uE001/;

/** The message `key` as `t` gives it, cut at its values: text, value index, text, … */
export function messageParts(t: (key: string, named: Record<string, string>) => string, key: string, names: readonly string[]): string[] {
  return t(key, Object.fromEntries(names.map((n, i) => [n, mark(i)]))).split(MARKS);
}

/** The message of `parts` with `values` in their places. */
export function fillMessage<N extends string>(parts: readonly string[], names: readonly N[], values: Readonly<Record<N, string | number>>): string {
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) out += String(values[names[Number(parts[i])]!]) + parts[i + 1]!;
  return out;
}

export function useMessageFill<N extends string>(key: string, names: readonly N[]): (values: Readonly<Record<N, string | number>>) => string {
  const { t, locale } = useI18n();
  const parts = computed(() => {
    void locale.value;
    return messageParts(t, key, names);
  });
  return (values) => fillMessage(parts.value, names, values);
}
