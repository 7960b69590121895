import { loadCatalog, type Catalog } from '../catalog/load.js';
import { resolveMapping, type Mapping } from '../catalog/mapping.js';
import { registry } from '../checks/index.js';
import { InputError } from '../errors.js';

export interface Frameworks {
  catalog: Catalog;
  mapping: Mapping;
  /** The framework ids to assess against: the ones asked for, else all loaded. */
  selected: string[];
  itemsOf(checkId: string): string[];
}

/**
 * The built-in frameworks plus the user's files, their `checks:` resolved against the registry.
 * An unknown `--framework` id is refused with the known ones, never an empty assessment.
 */
export function loadFrameworks(extraFiles: string[] = [], frameworkIds?: string[]): Frameworks {
  const catalog = loadCatalog(extraFiles);
  const mapping = resolveMapping(
    catalog,
    registry.map((c) => c.meta),
  );
  const known = catalog.frameworks.map((f) => f.id);
  const unknown = (frameworkIds ?? []).filter((id) => !known.includes(id));
  if (unknown.length) throw new InputError(`unknown framework ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return {
    catalog,
    mapping,
    selected: frameworkIds?.length ? frameworkIds : known,
    itemsOf: (checkId) => mapping.itemsByCheck.get(checkId) ?? [],
  };
}
