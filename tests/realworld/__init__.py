"""The real-world corpus: answers and spellings nobody here wrote, with a TA's verdicts."""
