import type { Assessment } from '../assess/assess.js';
import type { Lang } from '../model.js';

export async function renderPdf(a: Assessment, lang: Lang): Promise<Buffer> {
  void a;
  void lang;
  throw new Error('not yet');
}
