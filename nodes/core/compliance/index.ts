// Filled in by issue 4 (consent, quiet hours, caps, reply classification).
export {};
