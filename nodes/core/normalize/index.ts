// Filled in by issue 2 (lead normalization).
export {};
