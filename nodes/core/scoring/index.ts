// Filled in by issue 3 (segment scoring).
export {};
