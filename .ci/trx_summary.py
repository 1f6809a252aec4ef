"""Counts test outcomes in every TRX file under a directory and prints 'N passed, N failed[, N skipped]'.

Exits 1 when a test failed or no test ran, so CI fails on both.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

NAMESPACE = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"


def main() -> int:
    results_dir = pathlib.Path(sys.argv[1])
    passed = failed = skipped = 0
    for trx in sorted(results_dir.rglob("*.trx")):
        for result in ET.parse(trx).getroot().iter(f"{NAMESPACE}UnitTestResult"):
            outcome = result.get("outcome", "")
            if outcome == "Passed":
                passed += 1
            elif outcome == "NotExecuted":
                skipped += 1
            else:
                # Failed, Error, Timeout, Aborted, …: anything that is not a pass or a skip is a failure.
                failed += 1

    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed or passed + failed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
