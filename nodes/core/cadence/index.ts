// Filled in by issue 3 (cadences and the due-touch engine).
export {};
