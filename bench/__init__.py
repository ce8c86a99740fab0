"""Finance (and other) benchmarks: scripts that print numbers. See bench/README.md."""
