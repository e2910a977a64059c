"""Runs one browser scenario (`test_<name>.py`): python3 run_scenario.py NAME --base-url …"""

import argparse
import importlib
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import Context  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("name")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--admin-email", required=True)
    parser.add_argument("--admin-password", required=True)
    parser.add_argument("--shots", required=True)
    parser.add_argument("--downloads", required=True)
    arguments = parser.parse_args()
    os.makedirs(arguments.shots, exist_ok=True)
    os.makedirs(arguments.downloads, exist_ok=True)
    context = Context(arguments.base_url.rstrip("/"), arguments.admin_email, arguments.admin_password,
                      os.path.abspath(arguments.shots), os.path.abspath(arguments.downloads))
    scenario = importlib.import_module(f"test_{arguments.name}")
    try:
        scenario.run(context)
    except Exception:
        traceback.print_exc()
        for index, driver in enumerate(context.browsers):
            try:
                driver.save_screenshot(os.path.join(context.shots, f"FAILED-{arguments.name}-{index}.png"))
                print(f"--- browser {index} at {driver.current_url}", file=sys.stderr)
            except Exception:
                pass
        sys.exit(1)
    finally:
        context.close()
    print(f"scenario {arguments.name} passed")


if __name__ == "__main__":
    main()
