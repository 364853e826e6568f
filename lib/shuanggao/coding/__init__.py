"""The brief's coding method as a library: `coder` (find the codebook's terms, count units, shares and
practices) and `corpus` (read a folder or CSV of reports)."""
