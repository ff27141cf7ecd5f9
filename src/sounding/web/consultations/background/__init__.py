"""Work the job queue runs for a consultation: the analysis, re-assigning a question's
responses, and the checkpoints that let a new worker resume an analysis."""
