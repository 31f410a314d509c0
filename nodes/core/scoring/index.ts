export * from './types';
export {
	DEFAULT_SCORE_WEIGHTS,
	PRIORITY_THRESHOLDS,
	cadenceForSegment,
	classifySource,
	mergeWeights,
	scoreLead,
} from './scoreLead';
