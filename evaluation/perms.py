"""The permissions evaluation reports add (registered in ``evaluation.function``)."""

REVIEW = "evaluation.review"  # countersign drafts (senior officers, unit heads)
SUBMIT = "evaluation.submit"  # post requests and read their status (the e-case integration)
