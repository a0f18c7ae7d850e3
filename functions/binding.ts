/**
 * Binds a compiled model to an index's symbol table: the index numbers names in the order it
 * met them, the model in declaration order. The binding translates both ways with array
 * lookups and is cached per (model, symbol names), so the hot path never touches a string.
 */
import type { CompiledModel } from './compile.ts';
import type { Symbols } from './symbols.ts';

export class Binding {
  /** model relation → symbol relation */
  readonly symRel: Int32Array;
  /** symbol type → model type (-1: not in the model) */
  private modelTypes = new Int32Array(0);
  /** symbol relation → model relation */
  private modelRels = new Int32Array(0);
  /** symbol condition → model condition */
  private modelConds = new Int32Array(0);

  constructor(
    readonly model: CompiledModel,
    readonly symbols: Symbols,
  ) {
    for (const t of model.types) symbols.internType(t);
    for (const c of model.conditionIndex.keys()) symbols.internCond(c);
    this.symRel = Int32Array.from(model.rels, (r) =>
      symbols.internRel(symbols.type(model.types[r.type] as string), r.name),
    );
    this.refresh();
  }

  /** Names can be interned after binding (new tuples); extend the tables when that happens. */
  private refresh(): void {
    const n = this.symbols.names;
    this.modelTypes = Int32Array.from(n.typeNames, (t) => this.model.typeIndex.get(t) ?? -1);
    this.modelRels = Int32Array.from(n.relName, (name, i) => {
      const mt = this.modelTypes[n.relType[i] as number] as number;
      return mt < 0 ? -1 : (this.model.relIndex[mt]?.get(name) ?? -1);
    });
    this.modelConds = Int32Array.from(n.condNames, (c) => this.model.conditionIndex.get(c) ?? -1);
  }

  modelType(symType: number): number {
    if (symType >= this.modelTypes.length) this.refresh();
    return this.modelTypes[symType] ?? -1;
  }

  modelRel(symRel: number): number {
    if (symRel >= this.modelRels.length) this.refresh();
    return this.modelRels[symRel] ?? -1;
  }

  modelCond(symCond: number): number {
    if (symCond >= this.modelConds.length) this.refresh();
    return this.modelConds[symCond] ?? -1;
  }
}

const cache = new WeakMap<CompiledModel, WeakMap<object, Binding>>();

/** The binding of `model` to `symbols` (layers share their names, hence one binding). */
export function bind(model: CompiledModel, symbols: Symbols): Binding {
  let perModel = cache.get(model);
  if (!perModel) cache.set(model, (perModel = new WeakMap()));
  let b = perModel.get(symbols.names);
  if (!b) perModel.set(symbols.names, (b = new Binding(model, symbols)));
  return b;
}
