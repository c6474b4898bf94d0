"""Hidden checks, one module per topic; each registers with ``autograder.hidden.hidden_check``."""
