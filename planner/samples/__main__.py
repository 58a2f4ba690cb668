"""`python -m planner.samples [DIR]`: rewrite the bundled YAML samples (default: planner/samples/plans)."""

import sys

from planner.samples.recipes import write_samples

for written in write_samples(*sys.argv[1:2]):
    print(written)
