/**
 * The command line's training flags, derived from the one options table (src/core/options.ts):
 * each entry's flag, help, default and choices. A flag's text is only turned into the type its
 * entry takes (a number, a list); whether the value is allowed is decided once, by resolveOptions,
 * which names the flag in its OptionError.
 */
import { Option, type Command } from 'commander';
import { OPTIONS, type OptionSpec } from '../core/options.ts';
import type { TrainOptions } from '../api/resolve.ts';
import { DECIMAL } from './flags.ts';

/** A number where the text is one; the text itself otherwise, for resolveOptions to refuse by name. */
function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  const n = Number(trimmed);
  return DECIMAL.test(trimmed) && Number.isFinite(n) ? n : text;
}

/** `8,8` → [8, 8]; `none` or nothing → []. */
function listOf(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'none') return [];
  return trimmed.split(',').map((part) => part.trim());
}

function parserOf(spec: OptionSpec): ((text: string) => unknown) | null {
  switch (spec.kind) {
    case 'integer':
    case 'number':
      return numberOrText;
    case 'integer-list':
      return (text) => listOf(text).map(numberOrText);
    case 'choice-list':
      return listOf;
    case 'choice':
    case 'boolean':
      return null;
  }
}

const PLACEHOLDER: Record<OptionSpec['kind'], string> = {
  integer: '<n>',
  number: '<x>',
  choice: '<name>',
  'integer-list': '<list>',
  'choice-list': '<list>',
  boolean: '',
};

/** The help line: the table's words, its choices, and its default where it has a value. */
function helpOf(spec: OptionSpec): string {
  const notes: string[] = [];
  if ('choices' in spec && spec.choices !== undefined) notes.push(spec.choices.join('|'));
  const value = spec.default;
  const shown = Array.isArray(value) ? value.join(',') : value;
  if (shown !== null && shown !== '' && shown !== false) notes.push(`default ${String(shown)}`);
  return notes.length === 0 ? spec.help : `${spec.help} (${notes.join('; ')})`;
}

/** The commander option for one entry of the table. */
export function optionFlag(spec: OptionSpec): Option {
  const placeholder = PLACEHOLDER[spec.kind];
  const option = new Option(
    placeholder === '' ? spec.flag : `${spec.flag} ${placeholder}`,
    helpOf(spec),
  );
  const parse = parserOf(spec);
  if (parse !== null) option.argParser(parse);
  return option;
}

/** The options table's flags, in the table's order, added to a command. */
export function addOptionFlags(command: Command): Command {
  for (const spec of OPTIONS) command.addOption(optionFlag(spec));
  return command;
}

/**
 * The table's options the command line was given, under their API names; the ones left out are
 * absent, so resolveOptions fills in the table's defaults.
 */
export function givenOptions(flags: Readonly<Record<string, unknown>>): TrainOptions {
  const given: Record<string, unknown> = {};
  for (const spec of OPTIONS) {
    const value = flags[optionFlag(spec).attributeName()];
    if (value !== undefined) given[spec.key] = value;
  }
  return given as TrainOptions;
}
