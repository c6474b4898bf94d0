"""Everything that grades the course: hidden checks, the sandbox, nbgrader preprocessors, the
grading pipeline, simulated students, benchmarks and the test suite. Never shipped to students."""
