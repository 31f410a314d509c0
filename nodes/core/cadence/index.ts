export * from './types';
export { DEFAULT_CADENCES } from './defaults';
export { CADENCE_DEFAULTS, REPLY_HANDOFF_CADENCE, dueTouches } from './dueTouches';
export { previewCadence, type CadencePreview, type PreviewOptions, type PreviewTouch } from './preview';
export {
	MERGE_FIELDS,
	mergeFieldsIn,
	renderTemplate,
	type MergeField,
	type MergeValues,
	type RenderedTemplate,
} from './template';
export { parseDuration, serialDate, serialInstant, type CalendarDuration } from './calendar';
export { REPEAT_STRIDE, compileCadences } from './compile';
