#!/bin/bash
# Submits the sweep array (N shards, default 8) and the merge that runs once every shard succeeded.
#   deploy/slurm/submit.sh [N]
# RUN, RESULTS, DATASET, SWEEP_ARGS and MTCNN_ATTACK are passed on (see sweep.sbatch).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-8}
sweep=$(sbatch --parsable --export=ALL --array="1-$n" "$here/sweep.sbatch")
merge=$(sbatch --parsable --export=ALL --dependency="afterok:${sweep%%;*}" "$here/merge.sbatch")
echo "sweep array $sweep ($n shards), merge $merge after it"
