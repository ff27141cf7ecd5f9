"""Scorers of Evaluate's tasks, one module per capability; each reads the answer format its
task's prompt asks for (`sounding.prompts.evaluate`)."""
