"""What a share build leaves out (filter), and the check of its output (selfcheck)."""
