#!/usr/bin/env bash
# Fetch, into .whl/, the wheels a GPU host (Python 3.12, torch/transformers/numpy/pillow already
# there) needs to import the studio itself — for benchmarks/gpu_studio_turn.py. Versions are the
# ones this project is tested with. Run once on a machine with PyPI access; then, on the GPU host:
#   python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl && export PYTHONPATH=/tmp/site
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .whl
grep -qx '/.whl/' .git/info/exclude 2>/dev/null || echo '/.whl/' >> .git/info/exclude
python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
  --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
  --platform manylinux_2_24_x86_64 --platform manylinux_2_34_x86_64 --platform manylinux_2_35_x86_64 \
  -d .whl \
  diffusers==0.42.1 importlib-metadata==10.2.0 pydantic==2.14.4 pydantic-core==2.50.5 typing-inspection==0.4.5 \
  annotated-types==0.8.0 sqlalchemy==2.1.9 greenlet==3.5.6 alembic==1.20.1 mako==1.4.3 langgraph==1.2.24 \
  langgraph-checkpoint==4.3.2 langgraph-checkpoint-sqlite==3.1.2 langgraph-sdk==0.4.14 langgraph-prebuilt==1.1.3 \
  langchain-core==1.8.3 langchain-protocol==0.0.20 langsmith==0.15.1 jsonpatch==1.48 jsonpointer==3.12 \
  tenacity==9.2.1 orjson==3.13.0 ormsgpack==1.13.1 aiosqlite==0.22.1 sqlite-vec==0.1.9 uuid-utils==0.19.0 \
  zstandard==0.25.0 requests-toolbelt==1.0.0 distro==1.9.0 httpx2==2.16.2 websockets==17.4 sniffio==1.3.1
du -sh .whl
