// Filled in by the issues that build BocaScenario.
