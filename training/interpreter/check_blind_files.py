"""Check blind tester files for format and image numbering only; it routes nothing (docs/tester-brief.md).

    python training/interpreter/check_blind_files.py FILES
"""
import sys
import yaml
from studio.scripts import Script

bad = 0
for path in sys.argv[1:]:
    try:
        data = yaml.safe_load(open(path))
        if "probes" in data:
            assert set(data) <= {"name", "probes"}, f"unknown keys {set(data) - {'name', 'probes'}}"
            for n, probe in enumerate(data["probes"], start=1):
                assert set(probe) == {"setup", "turn"}, f"probe {n}: needs exactly setup and turn"
                Script.model_validate({"name": f"probe {n}", "turns": list(probe["setup"]) + [probe["turn"]]})
            print(f"OK {path}: {len(data['probes'])} probes")
        else:
            s = Script.model_validate(data)
            print(f"OK {path}: {len(s.turns)} turns")
    except Exception as e:
        bad += 1
        print(f"BAD {path}: {e}")
sys.exit(1 if bad else 0)
