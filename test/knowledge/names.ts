import type { Knowledge } from '../../src/flows/appeal/domain/knowledge.js';
import { normalize } from '../../src/flows/appeal/domain/match.js';

/** The names the insurer and drug matchers search, normalized as they index them, each once. */
export function searchedNames(k: Knowledge): { insurers: string[]; drugs: string[] } {
  const unique = (names: string[]) => [...new Set(names.map(normalize))].filter((n) => n.length > 0);
  return {
    insurers: unique(
      [...k.insurers.values()].flatMap((i) => [
        i.name,
        ...i.aliases,
        ...i.misspellings,
        ...i.broadAliases,
        ...i.vagueAliases,
      ]),
    ),
    drugs: unique([...k.drugs.values()].flatMap((d) => [d.brand, d.generic, ...d.aliases, ...d.misspellings])),
  };
}
