"""Reference solvers: every expected value computed from first principles."""
