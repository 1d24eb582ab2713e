"""Speed benchmarks of `charters`, each against a baseline measured in the same run.

Run `python bench/run.py` (or `--quick`); see bench/README.md. Nothing here is
imported by the generator or run by pytest, except `synth`, whose output a small
test checks for validity.
"""
