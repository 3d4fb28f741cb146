"""Outgoing mail: queueing (in the caller's transaction, never commits) and delivery (the job
that sends, records the outcome and commits)."""
