import { importCheckMetas, loadImportMappings, mergeImportMappings, type ImportMapping } from '../catalog/imports.js';
import { loadCatalog, type Catalog } from '../catalog/load.js';
import { resolveMapping, type Mapping } from '../catalog/mapping.js';
import { registry } from '../checks/index.js';
import type { CheckMeta } from '../checks/types.js';
import { InputError } from '../errors.js';

export interface Frameworks {
  catalog: Catalog;
  mapping: Mapping;
  /** The framework ids to assess against: the ones asked for, else all loaded. */
  selected: string[];
  itemsOf(checkId: string): string[];
  /** Each importable tool's rule ids and the items they count for (catalog/imports/*.yaml). */
  imports: ImportMapping[];
  /** The checks imported findings belong to (`import.<tool>`), one per tool. */
  importChecks: CheckMeta[];
}

/**
 * The built-in frameworks plus the user's files, their `checks:` resolved against the registry and
 * the importable tools, then each tool's rule mapping merged in. An unknown `--framework` id is
 * refused with the known ones, never an empty assessment.
 */
export function loadFrameworks(extraFiles: string[] = [], frameworkIds?: string[]): Frameworks {
  const catalog = loadCatalog(extraFiles);
  const imports = loadImportMappings();
  const importChecks = importCheckMetas(imports);
  const checks = registry.map((c) => c.meta);
  const mapping = resolveMapping(catalog, [...checks, ...importChecks]);
  mergeImportMappings(catalog, mapping, checks, imports);
  const known = catalog.frameworks.map((f) => f.id);
  const unknown = (frameworkIds ?? []).filter((id) => !known.includes(id));
  if (unknown.length) throw new InputError(`unknown framework ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return {
    catalog,
    mapping,
    selected: frameworkIds?.length ? frameworkIds : known,
    itemsOf: (checkId) => mapping.itemsByCheck.get(checkId) ?? [],
    imports,
    importChecks,
  };
}
