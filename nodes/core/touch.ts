// Filled in by issue 3: the touch record shared by cadences, compliance and the tracker.
export {};
