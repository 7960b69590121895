import type { ContractInfo, FileModel, FunctionInfo } from './model.js';
import type { DetectorMeta, Node } from './types.js';

export interface Report {
  node: Node;
  message: string;
  fn?: FunctionInfo;
  contract?: ContractInfo;
  /** Widens the reported range to the end of this node. */
  until?: Node;
  /** Other lines that matter to the finding (the call that re-enters, the write a missing guard allows). */
  related?: { node: Node; note: string }[];
}

export interface Detector {
  meta: DetectorMeta;
  detect(model: FileModel): Report[];
}

export function defineDetector(meta: DetectorMeta, detect: (model: FileModel) => Report[]): Detector {
  return { meta, detect };
}
