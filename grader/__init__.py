"""Grades chapter-3 deep-learning homework and explains every mistake."""
