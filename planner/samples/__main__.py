"""`python -m planner.samples [DIR]`: rewrite the bundled samples (default: planner/samples/plans):
the YAML plans and the squads under squads/."""

import sys
from pathlib import Path

from planner.samples import PLANS
from planner.samples.recipes import write_samples
from planner.samples.squads import write_squad_samples

folder = Path(sys.argv[1]) if len(sys.argv) > 1 else PLANS
for written in [*write_samples(folder), *write_squad_samples(folder / "squads")]:
    print(written)
