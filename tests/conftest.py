import sys
from pathlib import Path

# builders.py lives beside this file, expectations.py in scenarios/: importable everywhere.
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "scenarios"))
