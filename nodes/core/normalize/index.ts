export { normalizeLead, type NormalizeOptions, type NormalizeSource } from './normalizeLead';
export { MAPPABLE_FIELDS } from './aliases';
